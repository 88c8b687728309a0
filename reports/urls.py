from django.urls import path

from reports import views
from reports.formats import FILE_FORMATS

app_name = "reports"


def each_form(route: str, view, name: str) -> list:
    """The printable page at `route/`, and its files at `route.pdf`, `.xlsx`, `.csv`."""
    return [
        path(f"{route}/", view, name=name),
        *[path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}-{fmt}") for fmt in FILE_FORMATS],
    ]


urlpatterns = [
    path("", views.index, name="index"),
    path("make/", views.document_make, name="document-make"),
    *each_form("roster", views.roster, "roster"),
    *each_form("attendance-sheet/<int:pk>", views.attendance_sheet, "attendance-sheet"),
    *each_form("attendance-recap", views.attendance_recap, "attendance-recap"),
]
