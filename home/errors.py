"""The error page people see when something fails on the server.

With the database out of reach every signed-in page fails (the session and the
user live there): that is not a fault of the page but a pause of the service,
so people get the 503 page, which asks them to try again shortly. When the
database answers again the next request works: connections are opened anew.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error

# The database cannot be reached or refuses to work (down, read-only, restarting).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error_page(request, template_name="500.html"):
    """handler500: the 503 page when the database is unavailable, else the 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        # A page with no context: rendering it must not need the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.database_unavailable = True
        return response
    return server_error(request, template_name)
