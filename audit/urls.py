from django.urls import path

from audit import views
from registry import converters  # noqa: F401  (registers <kode:...>)

app_name = "audit"

# Each history page sits under the path of the record's own staff page.
urlpatterns = [
    path(
        "facilitators/<int:pk>/history/",
        views.facilitator_history,
        name="facilitator-history",
    ),
    # Only a well-formed code reaches the database (a NUL byte would break PostgreSQL's).
    path("kelurahan/<kode:code>/history/", views.kelurahan_history, name="kelurahan-history"),
    path("briefings/<int:pk>/history/", views.briefing_history, name="briefing-history"),
]
