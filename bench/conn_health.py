"""The cost of CONN_HEALTH_CHECKS: /healthz timed with the check on and off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/faskel .venv/bin/python bench/conn_health.py

One gunicorn (gunicorn.conf.py, one worker, one thread, so that its one kept
connection serves every request) per setting, on a local port; /healthz (a
rolled-back write: the lightest request that uses the database) is asked
REQUESTS times after warm-ups, alternating rounds of on and off so that the
machine's load falls on both alike. Median and 95th percentile in milliseconds.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(checks: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "CONN_HEALTH_CHECKS": checks,
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "LOG_LEVEL": "WARNING",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "--config", "gunicorn.conf.py", "faskel.wsgi"], cwd=ROOT, env=env
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def timings(port: int, count: int) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    found = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", "/healthz", headers={"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        assert response.status == 200, response.status
        found.append((time.perf_counter() - started) * 1000)
    connection.close()
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    servers = {checks: serve(checks) for checks in ["on", "off"]}
    results = {checks: [] for checks in servers}
    try:
        for _process, port in servers.values():
            timings(port, 50)  # warm-up
        for _ in range(args.rounds):
            for checks, (_process, port) in servers.items():
                results[checks] += timings(port, args.requests // args.rounds)
    finally:
        for process, _port in servers.values():
            process.terminate()
            process.wait(30)
    print(f"load average {os.getloadavg()[0]:.1f}; {args.requests} requests each")
    for checks, found in results.items():
        p95 = statistics.quantiles(found, n=20)[-1]
        print(
            f"CONN_HEALTH_CHECKS={checks:<3}  median {statistics.median(found):.2f} ms"
            f"  p95 {p95:.2f} ms"
        )


if __name__ == "__main__":
    main()
