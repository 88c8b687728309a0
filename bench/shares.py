"""Where a request's time goes: each middleware's own share, and the view's.

    python bench/shares.py --database-url postgres://... --user staf /bench/minimal /assignments/

Serves the paths in-process through the benchmark's WSGI application (no HTTP)
as the given user, with every layer of the middleware chain timed: a layer's
own time is its time minus the time of the layers inside it; a middleware's
process_view is counted as its own. "Django's handler" is what remains outside
the chain (building the request, the request_started/finished signals).
Work done lazily is counted where it happens: the session and the user are
read where request.user is first asked for, which is the login-required check.
bench/run.py prints the same table for the signed-in minimal view and the roster.
"""

import argparse
import inspect
import io
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VIEW = "URL resolving and the view"
HANDLER = "Django's handler (request, signals)"


class Timings:
    """Inclusive seconds per layer of the current request, and totals over many."""

    def __init__(self):
        self.current = defaultdict(float)
        self.requests: list[dict] = []


def _layer_name(layer) -> str:
    target = getattr(layer, "__self__", layer)  # a bound process_view: its middleware
    if inspect.isfunction(target):  # a middleware made by a factory function
        return f"{target.__module__}.{target.__qualname__.split('.<locals>')[0]}"
    return f"{type(target).__module__}.{type(target).__qualname__}"


def instrumented_handler(handler_class, timings: Timings):
    """A handler of the class whose every middleware layer and process_view is timed."""
    from django.core.handlers import base

    original = base.convert_exception_to_response
    order: list[str] = []

    def timed(layer, name):
        def call(request):
            started = time.perf_counter()
            try:
                return layer(request)
            finally:
                timings.current[name] += time.perf_counter() - started

        return call

    def convert(get_response):
        name = VIEW if getattr(get_response, "__name__", "") == "_get_response" else None
        name = name or _layer_name(get_response)
        order.append(name)
        return original(timed(get_response, name))

    base.convert_exception_to_response = convert
    try:
        handler = handler_class()
    finally:
        base.convert_exception_to_response = original

    def timed_view_middleware(method):
        name = _layer_name(method) + " (process_view)"

        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                timings.current[name] += time.perf_counter() - started

        return call, name

    wrapped = []
    for method in handler._view_middleware:
        call, name = timed_view_middleware(method)
        wrapped.append(call)
        order.append(name)
    handler._view_middleware = wrapped
    # Outermost first: load_middleware builds the chain from the view outwards.
    chain = [n for n in reversed(order) if not n.endswith("(process_view)")]
    return handler, chain


def own_times(total: float, inclusive: dict, chain: list[str]) -> dict[str, float]:
    """Each layer's own seconds, from the inclusive ones."""
    own = {HANDLER: total - inclusive.get(chain[0], 0.0)}
    for outer, inner in zip(chain, chain[1:], strict=False):
        own[outer] = inclusive.get(outer, 0.0) - inclusive.get(inner, 0.0)
    views = {n: t for n, t in inclusive.items() if n.endswith("(process_view)")}
    own[VIEW] = inclusive.get(VIEW, 0.0) - sum(views.values())
    own.update(views)
    return own


def measure(paths: list[str], cookie: str, requests: int = 300, warm_up: int = 30) -> dict:
    """{path: (median total ms, {layer: median own ms})} for each path."""
    from django.core.handlers.wsgi import WSGIHandler

    timings = Timings()
    handler, chain = instrumented_handler(WSGIHandler, timings)

    def environ(path):
        path, _, query = path.partition("?")
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": f"sessionid={cookie}",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.url_scheme": "http",
        }

    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    results = {}
    for path in paths:
        totals, owns = [], defaultdict(list)
        for attempt in range(warm_up + requests):
            timings.current.clear()
            started = time.perf_counter()
            body = handler(environ(path), start_response)
            b"".join(body)
            body.close()
            total = time.perf_counter() - started
            if not statuses[-1].startswith("200"):
                raise SystemExit(f"{path} answered {statuses[-1]}")
            if attempt >= warm_up:
                totals.append(total)
                for name, seconds in own_times(total, timings.current, chain).items():
                    owns[name].append(seconds)
        results[path] = (
            statistics.median(totals) * 1000,
            {name: statistics.median(values) * 1000 for name, values in owns.items()},
        )
    return results


def print_shares(results: dict) -> None:
    for path, (total, own) in results.items():
        print(f"\n{path}: median {total:.2f} ms in-process; each layer's own median:")
        for name, ms in sorted(own.items(), key=lambda item: -item[1]):
            if ms >= 0.005:
                print(f"  {name:<72} {ms:>7.3f} ms {100 * ms / total:>5.1f} %")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--cache-url", default="")
    parser.add_argument("--user", default="staf")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database_url,
        CACHE_URL=args.cache_url or os.environ.get("CACHE_URL", ""),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="off",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="off",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from accounts.models import User
    from bench.run import session_cookie

    cookie = session_cookie(User.objects.get(username=args.user))
    print_shares(measure(args.paths, cookie, args.requests))


if __name__ == "__main__":
    main()
