"""The first and later requests of a fresh gunicorn worker, with and without
the repository's gunicorn.conf.py.

    .venv/bin/python bench/worker.py

Builds a scratch SQLite database with the demo (27 kelurahan) in a temporary
folder, then for each way of starting gunicorn (gunicorn's defaults, as the
Dockerfile started it before; and the repository's gunicorn.conf.py, which
preloads the application and WeasyPrint) starts one worker and times, as a
signed-in supervisor: its first request (the dashboard), its first PDF (the
roster), and the median of five later PDFs. Each way is started three times.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import free_port  # noqa: E402

WAYS = {
    "gunicorn's defaults": [],
    "gunicorn.conf.py": ["--config", str(ROOT / "gunicorn.conf.py")],
}
STARTS = 3


def environment(folder: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "STATIC_ROOT": f"{folder}/static",
        "DEBUG": "off",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "SESSION_COOKIE_SECURE": "off",
        "CSRF_COOKIE_SECURE": "off",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
        "CACHE_URL": "",
    }


def manage(env, *command) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def timed_get(port: int, path: str, cookie: str) -> float:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={cookie}"}
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        response.read()
        assert response.status == 200, (path, response.status)
    return time.perf_counter() - started


def one_start(env, way: list[str], cookie: str) -> tuple[float, float, float]:
    port = free_port()
    # From an empty folder, so gunicorn's defaults do not pick up ./gunicorn.conf.py.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            *way,
            "--chdir",
            str(ROOT),
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--threads=1",
            "faskel.wsgi",
        ],
        env=env,
        cwd=tempfile.gettempdir(),
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Until gunicorn says the worker is booting: with the configuration that is
        # after the preload and its warm-up PDF, so the first page is the worker's own.
        for line in server.stderr:
            if "Booting worker" in line:
                break
        else:
            raise SystemExit("gunicorn stopped before a worker booted")
        # Keep reading its log, so a full pipe never blocks the server.
        threading.Thread(target=server.stderr.read, daemon=True).start()
        first_page = timed_get(port, "/", cookie)
        pdf = [timed_get(port, "/reports/roster.pdf", cookie) for _ in range(6)]
        return first_page, pdf[0], statistics.median(pdf[1:])
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    with tempfile.TemporaryDirectory(prefix="faskel-worker-") as folder:
        env = environment(folder)
        for command in (["migrate", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
            manage(env, *command)
        cookie = manage(
            env,
            "shell",
            "-c",
            "from accounts.models import User; from bench.run import session_cookie;"
            "print(session_cookie(User.objects.get(username='supervisor')))",
        ).split()[-1]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        header = ("gunicorn started with", "first page", "first PDF", "later PDF")
        print("{:<22} {:>11} {:>10} {:>10}".format(*header))
        for label, way in WAYS.items():
            for _ in range(STARTS):
                page, first, later = one_start(env, way, cookie)
                print(f"{label:<22} {page:>9.2f} s {first:>8.2f} s {later:>8.2f} s")


if __name__ == "__main__":
    main()
