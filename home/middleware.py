from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.core.exceptions import BadRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from accounts.sessions import is_due, mark_refreshed


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the user picked another language with the switch.

    Office computers often run an English browser; the browser's
    Accept-Language alone must not turn the interface English.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's session middleware, saving a session only when it must.

    A session in use is saved (with a fresh expiry and cookie) when it changed,
    or once its last save is SESSION_REFRESH_SECONDS old: the idle timeout
    without a database write per request (accounts/sessions.py).

    On the 503 page the session is left alone: it could not be read from the
    database that is unavailable, and reading its expiry to set the cookie would
    fail a second time and turn the 503 page into a 500. The cookie stays as it
    is, so people are still signed in when the database is back. A response
    marked `session_untouched` leaves it alone too.
    """

    def process_response(self, request, response):
        if getattr(response, "database_unavailable", False):
            return response
        if getattr(response, "session_untouched", False):
            # A page looking again at a running job: it writes nothing, so on SQLite
            # it never waits for the job's write lock, and it does not keep an idle
            # session alive.
            return response
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.accessed
            and not session.is_empty()
            and (session.modified or is_due(session))
        ):
            mark_refreshed(session)
        return super().process_response(request, response)


# Browser features no page of the register uses: no page, nor anything it embeds,
# may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every answer.

    - Permissions-Policy: the browser features above are off.
    - Cross-Origin-Resource-Policy: no other site may load our pages or files.
    - Cache-Control: no-store on every page and file the application makes (the
      static files aside): they show personal data to a signed-in person, and no
      browser, proxy or shared computer may keep a copy of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            add_never_cache_headers(response)
        return response


NUL = "\x00"


class NulByteMiddleware:
    """A NUL byte in the path, the query string or a form field: 400, before any view.

    Nobody types a NUL byte, and PostgreSQL refuses one in any text value: a NUL
    that reached a query (a path converter, a list filter, the admin's search or
    a choice keyed by a code) failed the page with a 500 there, and only on
    PostgreSQL. Django's forms refuse it in text fields already, but not in query
    strings, path converters, admin filters or choices. One check at the door
    covers every page, the admin and those added later. Uploaded files' contents
    are not looked at: they are bytes, read by their own checks.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(NUL in key + value for key, value in _fields(request)):
            # Django's handler400 answers it, with templates/400.html.
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


def _fields(request):
    yield from ((key, value) for key, values in request.GET.lists() for value in values)
    if request.method == "POST":
        # CsrfViewMiddleware reads the posted form as well: no second parse.
        yield from ((key, value) for key, values in request.POST.lists() for value in values)
