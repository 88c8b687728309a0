"""The web service's health check (compose.yaml): GET /healthz from inside the container.

Asked over plain HTTP with the first host of ALLOWED_HOSTS (Django answers 400 to
any other); /healthz is exempt from the HTTPS redirect. Exit status 0 when the
application answers 200 (it then takes writes), 1 otherwise.
"""

import os
import sys
import urllib.request


def main() -> int:
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip()
    host = host.lstrip(".").lstrip("*").lstrip(".") or "localhost"
    port = os.environ.get("PORT") or "8000"
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
