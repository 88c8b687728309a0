"""The error page people see when something fails on the server.

With the database out of reach every signed-in page fails (the session and the
user live there): that is not a fault of the page but a pause of the service,
so people get the 503 page, which asks them to try again shortly. When the
database answers again the next request works: connections are opened anew.
"""

import sys

from django.db import InterfaceError, InternalError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error

# The database cannot be reached or refuses to work (down, read-only, restarting).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# PostgreSQL in read-only mode (a standby, default_transaction_read_only) refuses a
# write with SQLSTATE 25006, which psycopg reports as an InternalError; SQLite's
# read-only file is an OperationalError already.
READ_ONLY_SQLSTATE = "25006"
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error: BaseException | None) -> bool:
    """The database is down, restarting or takes no writes: a pause of the service."""
    if isinstance(error, DATABASE_UNAVAILABLE):
        return True
    cause = getattr(error, "__cause__", None)
    return isinstance(error, InternalError) and (
        getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE
    )


def server_error_page(request, template_name="500.html"):
    """handler500: the 503 page when the database is unavailable, else the 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        # A page with no context: rendering it must not need the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.database_unavailable = True
        return response
    return server_error(request, template_name)
