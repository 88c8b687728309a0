"""PDF from a report's print template, made on the server with WeasyPrint.

WeasyPrint reads the stylesheet from the static files on disk and the logo
from its inline data: URI; it fetches nothing over the network.
"""

import gc
import logging
import posixpath
import threading
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A base that resolves nowhere: relative links become URLs that only the fetcher serves.
BASE_URL = "https://report.invalid/"
MEDIA_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


def from_html(
    html: str,
    *,
    fetcher: URLFetcher | None = None,
    on_page: Callable[[int], None] | None = None,
) -> bytes:
    """The PDF of `html`. `fetcher` answers its URLs (the static files by default);
    `on_page(number)` hears of each page as it is laid out (a background job's progress)."""
    reporting = pages_reported(on_page) if on_page else nullcontext()
    with collector_paused(), reporting:
        return HTML(
            string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticFilesFetcher()
        ).write_pdf()


_pauses = 0
_pauses_lock = threading.Lock()


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while a PDF is made.

    WeasyPrint makes millions of small objects for a long document (boxes, styles,
    text runs) and keeps nearly all of them to the end; the collector would walk
    them again and again for little: a tenth to a sixth of a long PDF's time.
    Whatever they leave is collected as usual afterwards. Threads of one process
    share the collector: it is switched on again when the last PDF is done.
    """
    global _pauses
    with _pauses_lock:
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _pauses_lock:
            _pauses -= 1
            if _pauses == 0:
                gc.enable()


# WeasyPrint announces each page it lays out on this logger, at INFO level.
PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
_LAYING_OUT_PAGE = "Creating layout - Page %d"
_listeners = 0
_listeners_lock = threading.Lock()


class _PageListener(logging.Handler):
    """Hands WeasyPrint's "laying out page N" to `on_page`, for this thread's PDF only."""

    def __init__(self, on_page: Callable[[int], None]):
        super().__init__(level=logging.INFO)
        self.on_page = on_page
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if (
            record.thread == self.thread
            and isinstance(record.msg, str)
            and record.msg.endswith(_LAYING_OUT_PAGE)
            and record.args
        ):
            self.on_page(record.args[0])


@contextmanager
def pages_reported(on_page: Callable[[int], None]):
    """Call `on_page(number)` as each page of this thread's PDF is laid out.

    The settings keep WeasyPrint's logger at WARNING (it reports every step of every
    PDF at INFO); while someone listens, its progress logger speaks at INFO to the
    listeners alone and passes nothing on to the log. Should a later WeasyPrint word
    its message differently, the progress shows no page numbers; nothing else changes.
    """
    global _listeners
    listener = _PageListener(on_page)
    with _listeners_lock:
        _listeners += 1
        PROGRESS_LOGGER.addHandler(listener)
        PROGRESS_LOGGER.setLevel(logging.INFO)
        PROGRESS_LOGGER.propagate = False
    try:
        yield
    finally:
        with _listeners_lock:
            _listeners -= 1
            PROGRESS_LOGGER.removeHandler(listener)
            if _listeners == 0:
                PROGRESS_LOGGER.setLevel(logging.NOTSET)
                PROGRESS_LOGGER.propagate = True


def static_file(url_path: str) -> Path | None:
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not url_path.startswith(prefix):
        return None
    name = posixpath.normpath(unquote(url_path.removeprefix(prefix)))
    if name.startswith(("../", "/")) or name == "..":
        return None
    if found := finders.find(name):  # the source folders (development, tests)
        return Path(found)
    if staticfiles_storage.exists(name):  # collected with hashed names (production)
        return Path(staticfiles_storage.path(name))
    return None


class StaticFilesFetcher(URLFetcher):
    """Static files from disk and inline data: URIs; nothing else is fetched."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(BASE_URL) and (path := static_file(urlsplit(url).path)):
            media_type = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
        raise ValueError(f"A report loads no {url}")


def warm_up() -> None:
    """Make one small PDF, so WeasyPrint, its stylesheets and the fonts are loaded.

    gunicorn.conf.py calls it in the server's parent process before the workers
    are forked: each worker then starts with all of it in memory, and its first
    PDF is as quick as its later ones. It reads nothing from the database.
    """
    stylesheet = settings.STATIC_URL.rstrip("/") + "/reports/report.css"
    from_html(
        f'<!doctype html><html lang="id"><head><link rel="stylesheet" href="{stylesheet}">'
        '</head><body class="report"><main class="sheet"><h1 class="report-title">Faskel</h1>'
        "<table><thead><tr><th>No.</th><th>Kelurahan</th></tr></thead>"
        "<tbody><tr><td>1</td><td><b>Medono</b> <i>Podosugih</i> 0123456789</td></tr>"
        "</tbody></table></main></body></html>"
    )
