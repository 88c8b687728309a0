"""Server time of pages on an existing database (e.g. the demo), as one user.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/ttfb.py --user staf \\
        /briefings/1/ /briefings/1/edit/ /briefings/new/

Each path is requested REQUESTS times (after 3 warm-ups) in-process through
Django's test client, signed in as the user: the time from the request to the
rendered response (the time to first byte less the network), median and 95th
percentile. With --profile it then prints where one path's time goes (cProfile,
sorted by own time).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", required=True)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faskel.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.update(DEBUG="off", ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="off")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    # Static files from the source folders: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(User.objects.get(username=args.user))
    print(f"load average {os.getloadavg()[0]:.1f}; {args.requests} requests each, in-process")
    for path in args.paths:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{path:<40} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(args.paths[-1])
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
