"""Lighthouse and axe-core scores of every page as each role, on an existing database.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/audit.py \\
        --lighthouse /path/to/node_modules/.bin/lighthouse --markdown /tmp/audit.md

The database must hold the demo (`manage.py seed_demo`): its logins are the
roles. The pages and the roles that open them are those of the suite's
accessibility walk (tests/browser/site_pages.py, which adds a few samples to
the database). The script collects the static files and serves the application
with gunicorn on 127.0.0.1 with DEBUG off, as in production (or audits --url,
a server already running on the same database), signs each role in with a
session of its own, and then:

- runs axe-core (with target-size) on every page as each role that opens it, at
  1280 and 375 px, and counts the violations by impact;
- runs Lighthouse (accessibility, best practices, performance, SEO), desktop and
  mobile, on each application page once, as the least privileged role that
  opens it, and on a sample of the admin's pages as the administrator
  (--coverage all: every page as every role; a run takes 10-20 s).

It prints markdown tables and a summary, and with --json keeps the figures.
Lighthouse is not part of the project: `npm install lighthouse@12` somewhere,
and CHROME_PATH (default /usr/bin/chromium) names the browser.
"""

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IMPACTS = ("critical", "serious", "moderate", "minor")
CATEGORIES = {
    "accessibility": "a11y",
    "best-practices": "BP",
    "performance": "perf",
    "seo": "SEO",
}
# The thresholds the accessibility issue sets for accessibility and best practices.
APPLICATION_BAR = 100
ADMIN_BAR = 95
# The admin's pages Lighthouse looks at by default: the index, one app, the
# password form and every view of the facilitator's model (the largest forms).
ADMIN_SAMPLE = ("admin:index", "admin:password_change", "admin:registry_facilitator_")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="audit a server already running on DATABASE_URL")
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command")
    parser.add_argument("--coverage", choices=["owners", "all"], default="owners")
    parser.add_argument("--jobs", type=int, default=1, help="Lighthouse runs at once")
    parser.add_argument("--no-lighthouse", action="store_true", help="axe-core only")
    parser.add_argument(
        "--only", nargs="+", default=[], help="URL names (or their prefixes) to audit"
    )
    parser.add_argument("--markdown", help="write the tables to this file as well")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--reports", help="keep each Lighthouse report (JSON) in this folder")
    return parser.parse_args()


def environment(static_root: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "faskel.settings",
        "DEBUG": "off",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "CRITICAL",
        "GUNICORN_ACCESS_LOG": "",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "faskel.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("gunicorn did not answer /healthz")


def axe_counts(base_url: str, cookies: dict, walks: dict) -> dict:
    """{(role, name): {"desktop": Counter, "phone": Counter, "blocking": [...]}}"""
    from playwright.sync_api import sync_playwright

    from tests.browser.axe import WIDTHS, axe_violations, blocking, describe

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for role, site_pages in walks.items():
            context = browser.new_context(base_url=base_url, locale="id-ID")
            if cookies[role]:
                context.add_cookies([{**cookies[role], "url": base_url}])
            page = context.new_page()
            for site_page in site_pages:
                found = {"blocking": []}
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(site_page.url)
                for width_name, (width, height) in WIDTHS.items():
                    page.set_viewport_size({"width": width, "height": height})
                    page.evaluate("() => new Promise(r => requestAnimationFrame(r))")
                    violations = axe_violations(page)
                    found[width_name] = Counter(
                        v["impact"] for v in violations for _node in v["nodes"]
                    )
                    for v in violations:
                        found.setdefault("rules", Counter())[f"{v['impact']} {v['id']}"] += 1
                    found["blocking"] += [
                        f"@{width_name} {d}" for d in describe(blocking(violations))
                    ]
                results[role, site_page.name, site_page.url] = found
            context.close()
        browser.close()
    return results


CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


class SignedInChrome:
    """A fresh browser with the session's cookie in its cookie jar, for Lighthouse to
    drive (--port). A Cookie header given with --extra-headers is lost on the requests
    after the first: once the page sets its CSRF cookie the browser sends its own jar,
    so a signed-in photo or a progress poll would be asked for as a visitor."""

    def __init__(self, base_url: str, cookie: dict):
        self.base_url, self.cookie = base_url, cookie

    def __enter__(self) -> int:
        self.profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                CHROME,
                "--headless=new",
                "--no-sandbox",
                f"--remote-debugging-port={self.port}",
                f"--user-data-dir={self.profile.name}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        endpoint = f"http://127.0.0.1:{self.port}"
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{endpoint}/json/version", timeout=2)
                break
            except OSError:
                time.sleep(0.25)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(endpoint)
            browser.contexts[0].add_cookies([{**self.cookie, "url": self.base_url}])
            browser.close()
        return self.port

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait()
        self.profile.cleanup()


def lighthouse(
    command: str, base_url: str, url: str, cookie: dict | None, form_factor: str, keep=None
):
    arguments = [
        command,
        base_url + url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        "--only-categories=" + ",".join(CATEGORIES),
        "--extra-headers=" + json.dumps({"Accept-Language": "id-ID,id"}),
    ]
    if form_factor == "desktop":
        arguments.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROME}
    if cookie is None:
        arguments.append("--chrome-flags=--headless=new --no-sandbox")
        done = subprocess.run(arguments, capture_output=True, text=True, env=env)
    else:
        # A fresh profile: the cache is as cold as after Lighthouse's own storage reset.
        with SignedInChrome(base_url, cookie) as port:
            arguments += [f"--port={port}", "--disable-storage-reset"]
            done = subprocess.run(arguments, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    report = json.loads(done.stdout)
    if keep is not None:
        keep.write_text(done.stdout)
    scores, failing = {}, {}
    for key, category in report["categories"].items():
        scores[key] = None if category["score"] is None else round(category["score"] * 100)
        failing[key] = sorted(
            ref["id"]
            for ref in category["auditRefs"]
            if ref["weight"] > 0
            and report["audits"][ref["id"]]["score"] is not None
            and report["audits"][ref["id"]]["score"] < 1
        )
    if report["finalDisplayedUrl"].split("?")[0] != (base_url + url).split("?")[0]:
        return {"error": [f"redirected to {report['finalDisplayedUrl']}"]}
    return {"scores": scores, "failing": failing}


def lighthouse_targets(walks: dict, coverage: str) -> list[tuple]:
    """(role, name, url) Lighthouse looks at."""
    if coverage == "all":
        return [(role, p.name, p.url) for role, pages in walks.items() for p in pages]
    targets, seen = [], set()
    for role, pages in walks.items():  # the least privileged role first
        for p in pages:
            if p.url in seen:
                continue
            if p.is_admin and not p.name.startswith(ADMIN_SAMPLE):
                continue
            if p.is_admin and role != "administrator":
                continue
            seen.add(p.url)
            targets.append((role, p.name, p.url))
    return targets


def cell(value) -> str:
    return "–" if value is None else str(value)


def markdown(walks, axe, scores, coverage_note) -> str:
    lines = [
        "# Accessibility audit",
        "",
        coverage_note,
        "",
        "| page | path | role | desktop a11y/BP/perf/SEO | mobile a11y/BP/perf/SEO "
        "| axe 1280 crit/ser/mod/min | axe 375 crit/ser/mod/min |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, found in axe.items():
        role, name, url = key
        row = scores.get(key, {})
        lh = []
        for form_factor in ("desktop", "mobile"):
            run = row.get(form_factor)
            if run is None or "error" in run:
                lh.append("–" if run is None else "error")
            else:
                lh.append("/".join(cell(run["scores"].get(c)) for c in CATEGORIES))
        counts = ["/".join(str(found[w][i]) for i in IMPACTS) for w in ("desktop", "phone")]
        lines.append(
            f"| {name} | `{url}` | {role} | {lh[0]} | {lh[1]} | {counts[0]} | {counts[1]} |"
        )

    lines += ["", "## Summary", ""]
    runs = [
        (key, ff, run) for key, row in scores.items() for ff, run in row.items() if "scores" in run
    ]
    errors = [(key, ff) for key, row in scores.items() for ff, run in row.items() if "error" in run]
    lines.append(
        f"Lighthouse runs: {len(runs)} ({len(errors)} failed); axe: {len(axe)} page × role."
    )
    lines.append("")
    for form_factor in ("desktop", "mobile"):
        minima = []
        for category, short in CATEGORIES.items():
            values = [
                (run["scores"][category], key[1])
                for key, ff, run in runs
                if ff == form_factor and run["scores"].get(category) is not None
            ]
            if values:
                low = min(values)
                minima.append(f"{short} {low[0]} ({low[1]})")
        lines.append(f"- minimum, {form_factor}: " + ", ".join(minima))
    below = []
    for key, ff, run in runs:
        bar = ADMIN_BAR if key[1].startswith("admin:") else APPLICATION_BAR
        for category in ("accessibility", "best-practices"):
            if run["scores"][category] is not None and run["scores"][category] < bar:
                failing = ", ".join(run["failing"][category])
                below.append(
                    f"- {key[1]} as {key[0]}, {ff}: {category} {run['scores'][category]} "
                    f"(< {bar}): {failing}"
                )
    lines += ["", "Accessibility or best practices below 100 (application) or 95 (admin):", ""]
    lines += below or ["- none"]
    serious = [
        f"- {key[1]} as {key[0]}: {problem}"
        for key, found in axe.items()
        for problem in found["blocking"]
    ]
    rules = Counter()
    for found in axe.values():
        rules.update(set(found.get("rules", {})))
    lines += ["", "axe-core's rules broken, with how many page × role (either width):", ""]
    lines += [f"- {rule}: {count}" for rule, count in rules.most_common()] or ["- none"]
    lines += ["", "axe-core, serious or critical:", ""]
    lines += serious or ["- none"]
    if errors:
        lines += ["", "Lighthouse runs that failed:", ""]
        lines += [f"- {key[1]} as {key[0]}, {ff}: {scores[key][ff]['error']}" for key, ff in errors]
    return "\n".join(lines) + "\n"


def main():
    args = parse_args()
    static_root = ROOT / "bench" / "data" / "static"
    env = environment(static_root)
    os.environ.update(env)
    if args.reports:
        Path(args.reports).mkdir(parents=True, exist_ok=True)
    if not args.url:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    import django

    django.setup()
    # The samples' pages log the permission refusals of the roles that cannot open them.
    logging.disable(logging.CRITICAL)
    from django.conf import settings
    from django.test import Client

    from tests.browser.site_pages import ROLES, all_pages, role_pages, role_user

    candidates = all_pages()
    walks = {role: role_pages(role, candidates) for role in ROLES}
    if args.only:
        walks = {
            role: [p for p in pages if p.name.startswith(tuple(args.only))]
            for role, pages in walks.items()
        }
    cookies = {}
    for role in ROLES:
        user = role_user(role)
        cookies[role] = None
        if user is not None:
            client = Client()
            client.force_login(user)
            value = client.cookies[settings.SESSION_COOKIE_NAME].value
            cookies[role] = {"name": settings.SESSION_COOKIE_NAME, "value": value}

    server = None
    base_url = args.url
    if not base_url:
        server, base_url = start_server(env)
    try:
        print(f"axe-core on {sum(map(len, walks.values()))} page × role ...", file=sys.stderr)
        axe = axe_counts(base_url, cookies, walks)
        scores = {}
        targets = [] if args.no_lighthouse else lighthouse_targets(walks, args.coverage)
        runs = [(t, ff) for t in targets for ff in ("desktop", "mobile")]
        print(f"Lighthouse: {len(runs)} runs ...", file=sys.stderr)

        def one(run):
            (role, name, url), form_factor = run
            for _attempt in range(3):  # a trace is now and then lost on a busy machine
                keep = None
                if args.reports:
                    slug = f"{name.replace(':', '-')}-{role}-{form_factor}.json"
                    keep = Path(args.reports) / slug
                result = lighthouse(
                    args.lighthouse, base_url, url, cookies[role], form_factor, keep
                )
                if "error" not in result or "redirected" in result["error"][0]:
                    break
            print(
                f"  {name} as {role}, {form_factor}: {result.get('scores', result)}",
                file=sys.stderr,
            )
            return (role, name, url), form_factor, result

        with ThreadPoolExecutor(args.jobs) as pool:
            for key, form_factor, result in pool.map(one, runs):
                scores.setdefault(key, {})[form_factor] = result
    finally:
        if server is not None:
            server.terminate()
            server.wait()

    if args.no_lighthouse:
        lh_note = "Lighthouse not run."
    elif args.coverage == "all":
        lh_note = "Lighthouse: every page as every role that opens it."
    else:
        lh_note = (
            "Lighthouse: each application page once, as the least privileged role that opens "
            "it; of the admin's pages the index, the password form and the facilitator "
            "model's views, as the administrator."
        )
    note = (
        "axe-core (target-size on): every page as each role that opens it (the application's "
        "pages for visitors, facilitators, supervisors and staff; the admin's as the "
        f"administrator), at 1280×900 and 375×812; counts are of elements. {lh_note} "
        f"Load average at the end: {os.getloadavg()[0]:.1f} (performance scores depend on it)."
    )
    text = markdown(walks, axe, scores, note)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "role": k[0],
                        "name": k[1],
                        "url": k[2],
                        "axe": {w: dict(v[w]) for w in ("desktop", "phone")},
                        "axe_blocking": v["blocking"],
                        "axe_rules": dict(v.get("rules", {})),
                        "lighthouse": scores.get(k, {}),
                    }
                    for k, v in axe.items()
                ],
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
