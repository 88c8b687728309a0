"""axe-core over every page of the URLconf, as each role that can open it, at
1280 and 375 px, and over each form in its error state; and the layout of
every page at 375 px. A serious or critical violation fails the walk.

One browser for the whole walk; each role signs in by a session cookie. Which
pages each role walks: `site_pages.role_pages` (bench/audit.py takes the same).
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from registry.models import Facilitator
from tests.browser.axe import WIDTHS, axe_violations, blocking, describe
from tests.browser.site_pages import ROLES, SitePage, pages_for, role_pages, role_user
from tests.conftest import transactional

# The pages and templates are the same whatever the database: walked once, on SQLite.
pytestmark = [pytest.mark.browser, pytest.mark.sqlite, *transactional]

# At 375 px: what sticks out of the viewport or is cut off in a table.
LAYOUT_SCRIPT = (Path(__file__).parent / "layout_check.js").read_text()

# Submits the page's main form with its fields emptied, so the page comes back
# with the form's error messages.
EMPTY_SUBMIT_SCRIPT = """() => {
  const form = [...document.querySelectorAll("main form[method=post], #content form[method=post]")]
    .find(f => f.querySelector("input:not([type=hidden]), select, textarea"));
  if (!form) return false;
  form.noValidate = true;
  for (const field of form.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "checkbox", "radio", "file"].includes(field.type)) continue;
    field.value = "";
  }
  const button = form.querySelector("button[type=submit]:not([hidden]), input[type=submit]");
  form.requestSubmit(button || undefined);
  return true;
}"""
NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
ERROR_MARKERS = ".form-errors, .error, .errornote, .errorlist"
# Forms whose submission changes or removes data rather than showing errors.
NO_ERROR_STATE = (
    "_delete",
    "_changelist",
    "_history",
    "admin:index",
    "admin:app_list",
    "_import_job",  # its form confirms the import
)


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def signed_in_context(browser, base_url, user):
    context = browser.new_context(base_url=base_url, locale="id-ID")
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
        )
    return context


def check_both_widths(page, label: str, layout: bool = True) -> list[str]:
    problems = []
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        # Let the page's scripts see the new width before axe looks.
        page.evaluate(NEXT_FRAME)
        found = describe(blocking(axe_violations(page)))
        problems += [f"{label} @{width_name}: {p}" for p in found]
        if layout and width_name == "phone":
            problems += [f"{label} @phone layout: {p}" for p in page.evaluate(LAYOUT_SCRIPT)]
    return problems


def walk(page, site_pages: list[SitePage]) -> list[str]:
    problems = []
    for site_page in site_pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(site_page.url)
        problems += check_both_widths(page, site_page.url)
        if site_page.name.endswith(NO_ERROR_STATE) or not page.evaluate(EMPTY_SUBMIT_SCRIPT):
            continue
        page.wait_for_load_state()
        if page.locator(ERROR_MARKERS).count():
            problems += check_both_widths(page, f"{site_page.url} (form errors)")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_no_serious_accessibility_problem_on_any_page(browser, live_server, demo, role):
    user = role_user(role)
    site_pages = role_pages(role)
    # Each walk sees the pages its role opens (a broken sample would shrink it).
    assert len(site_pages) >= {"anonymous": 5, "facilitator": 7, "supervisor": 19}.get(role, 30)

    context = signed_in_context(browser, live_server.url, user)
    page = context.new_page()
    try:
        problems = walk(page, site_pages)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# Accounts limited to an area see the supervisor's and staff's templates; what is
# theirs alone is walked here: the area banner, the dashboard and roster without the
# reserve, the briefing and attendance pages that say their totals are the area's,
# a report headed with the area, the contracts and evaluations of the area (without
# the payroll), and the coordinator's posting form.
AREA_PAGES = {
    "camat": [
        "home:index",
        "assignments:roster",
        "briefings:briefing-detail",
        "reports:roster",
        "contracts:list",
        "contracts:evaluations",
    ],
    "koordinator": ["briefings:briefing-attendance", "assignments:move"],
}


@pytest.mark.parametrize("username", AREA_PAGES)
def test_no_serious_accessibility_problem_on_the_area_accounts_own_states(
    browser, live_server, demo, username
):
    user = User.objects.get(username=username)
    site_pages = [p for p in pages_for(user) if p.name in AREA_PAGES[username]]
    assert sorted(p.name for p in site_pages) == sorted(AREA_PAGES[username])
    context = signed_in_context(browser, live_server.url, user)
    page = context.new_page()
    try:
        page.goto(site_pages[0].url)
        assert page.locator('[data-testid="area-banner"]').count() == 1
        problems = walk(page, site_pages)
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


# Lighthouse's legible-text rule on a phone: at least 60% of the text at 12 px or more.
LEGIBLE_SHARE_SCRIPT = """() => {
  let legible = 0, total = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const parent = walker.currentNode.parentElement;
    if (!text || !parent || !parent.checkVisibility()) continue;
    total += text.length;
    if (parseFloat(getComputedStyle(parent).fontSize) >= 12) legible += text.length;
  }
  return total ? legible / total : 1;
}"""


def test_text_is_legible_on_a_phone_on_every_page_staff_open(browser, live_server, demo):
    # Staff open every report, the honorarium list among them (A4 sizes in points). The
    # admin's pages keep Django's stylesheet (Lighthouse's best practices stay above 95).
    site_pages = [p for p in role_pages("staff") if not p.is_admin]
    context = signed_in_context(browser, live_server.url, role_user("staff"))
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    small = []
    try:
        for site_page in site_pages:
            page.goto(site_page.url)
            share = page.evaluate(LEGIBLE_SHARE_SCRIPT)
            if share < 0.6:
                small.append(f"{site_page.url}: {share:.0%} of the text at 12 px or more")
    finally:
        context.close()
    assert small == []


def test_the_admins_change_pages_use_no_deprecated_browser_feature(browser, live_server, demo):
    """Chrome's deprecation reports (Lighthouse's best-practices audit reads them), on the
    pages that load the admin's related-object popups script."""
    user = User.objects.get(username="admin")
    facilitator = Facilitator.objects.order_by("pk").first()
    urls = [
        reverse("admin:registry_facilitator_changelist"),
        reverse("admin:registry_facilitator_add"),
        reverse("admin:registry_facilitator_change", args=[facilitator.pk]),
    ]
    context = signed_in_context(browser, live_server.url, user)
    page = context.new_page()
    issues = []
    try:
        session = context.new_cdp_session(page)
        session.on(
            "Audits.issueAdded",
            lambda event: (
                issues.append(event["issue"])
                if event["issue"]["code"] == "DeprecationIssue"
                else None
            ),
        )
        session.send("Audits.enable")
        for url in urls:
            page.goto(url)
            page.wait_for_load_state("load")
    finally:
        context.close()
    found = [i["details"]["deprecationIssueDetails"] for i in issues]
    assert [(d["type"], d["sourceCodeLocation"]["url"]) for d in found] == []


def test_the_admins_history_pages_breach_no_content_security_policy(browser, live_server, demo):
    """The browser reports a blocked inline style as an error (Lighthouse's best practices)."""
    history = [p for p in role_pages("administrator") if p.name.endswith("_history")]
    assert len(history) >= 10
    context = signed_in_context(browser, live_server.url, role_user("administrator"))
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        for site_page in history:
            page.goto(site_page.url)
            page.wait_for_load_state("load")
    finally:
        context.close()
    assert errors == []
