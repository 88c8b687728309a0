from django.urls import path

from activities.views import documents, logbook, review
from reports.formats import FILE_FORMATS

app_name = "activities"

urlpatterns = [
    # The facilitator's own pages: no id of a facilitator in any of them.
    path("me/activities/", logbook.logbook, name="logbook"),
    path("me/activities/new/", logbook.entry_create, name="entry-create"),
    path("me/activities/<int:pk>/", logbook.entry_update, name="entry-update"),
    path("me/activities/<int:pk>/delete/", logbook.entry_delete, name="entry-delete"),
    path(
        "me/activities/files/<int:pk>/delete/",
        logbook.attachment_delete,
        name="attachment-delete",
    ),
    path("me/reports/<int:year>/<int:month>/", logbook.my_report, name="my-report"),
    # The office's pages.
    path("activities/", review.matrix, name="matrix"),
    path("activities/inbox/", review.inbox, name="inbox"),
    path("activities/reports/<int:pk>/", review.review, name="review"),
    path("activities/reports/<int:pk>/return/", review.return_report, name="return"),
    path("activities/reports/<int:pk>/verify/", review.verify_report, name="verify"),
    path("activities/reports/<int:pk>/approve/", review.approve_report, name="approve"),
    path("activities/approve-month/", review.approve_month, name="approve-month"),
    path(
        "activities/facilitators/<int:pk>/open-month/",
        review.open_month,
        name="facilitator-open-month",
    ),
    # For the facilitator and the office alike; each checks who may see it.
    path("activities/reports/<int:pk>/document/", documents.document, name="document"),
    path(
        "activities/reports/<int:pk>/document.pdf",
        documents.document,
        {"fmt": "pdf"},
        name="document-pdf",
    ),
    path("activities/files/<int:pk>/", documents.attachment, name="attachment"),
    path("reports/activities/", documents.recap, name="recap"),
    *[
        path(f"reports/activities.{fmt}", documents.recap, {"fmt": fmt}, name=f"recap-{fmt}")
        for fmt in FILE_FORMATS
    ],
]
