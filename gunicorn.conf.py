"""gunicorn's settings for the Faskel registry.

gunicorn reads this file from the folder it starts in (the Dockerfile's and the
README's production command start it in the project folder); a setting given on
the command line wins. Each can be changed from the environment.
"""

import gc
import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT') or 8000}"

# Processes for the CPUs (a PDF keeps one busy), threads for the requests that
# wait on the database meanwhile.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)

# A request that runs longer is ended and its worker replaced. Long documents are
# the only requests near it (docs/performance.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
# Each worker is replaced after this many requests (spread by the jitter so they do
# not all restart at once): memory a large document took is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 1000)
max_requests_jitter = max_requests // 10
keepalive = 5
# No runtime control socket: nothing uses it, and servers side by side on one host
# would share its path.
control_socket_disable = True

# The application, WeasyPrint and the report fonts are loaded once, in the parent,
# before the workers are forked: every worker starts warm, shares those pages of
# memory, and its first PDF is as quick as its later ones.
preload_app = True

# Requests without their query strings or referrers, which can hold a searched
# NIK, name or phone number: address, time, method, path, status, size, duration.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def when_ready(server):
    """After the application is loaded (preload_app), before the workers fork."""
    from django.db import connections
    from django.urls import reverse

    from home import warm_up
    from reports.pdf import warm_up as warm_up_pdf

    reverse("home:index")  # imports every view module now, not at a first request
    warm_up.templates()  # each worker's first page of a kind as quick as the next
    warm_up.translations()
    warm_up_pdf()
    # Nothing opened here may be shared with the workers.
    connections.close_all()
    # What is loaded now lives as long as the workers: the garbage collector need not
    # walk it in each of them, nor touch (and so copy) the memory they share.
    gc.collect()
    gc.freeze()
