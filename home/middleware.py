from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
    """Django's session middleware, leaving the session alone on the 503 page.

    The session could not be read from the database that is unavailable; reading
    its expiry to set the cookie would fail a second time and turn the 503 page
    into a 500. The cookie stays as it is, so people are still signed in when the
    database is back.
    """

    def process_response(self, request, response):
        if getattr(response, "database_unavailable", False):
            return response
        return super().process_response(request, response)
