from django.urls import path

from contracts.views import contracts, documents, evaluations, payment
from reports.formats import FILE_FORMATS

app_name = "contracts"


def each_form(route: str, view, name: str) -> list:
    """The printable page at `route/`, and its files at `route.pdf`, `.xlsx`, `.csv`."""
    return [
        path(f"{route}/", view, name=name),
        *[path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}-{fmt}") for fmt in FILE_FORMATS],
    ]


urlpatterns = [
    path("contracts/", contracts.contract_list, name="list"),
    path("contracts/new/", contracts.contract_create, name="create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="detail"),
    path("contracts/<int:pk>/edit/", contracts.contract_update, name="update"),
    path("contracts/<int:pk>/renew/", contracts.contract_renew, name="renew"),
    path("contracts/<int:pk>/history/", contracts.contract_history_page, name="history"),
    # For the facilitator and the office alike; 404 for anyone else.
    path("contracts/<int:pk>/document/", contracts.contract_document, name="document"),
    path("contracts/<int:pk>/evaluation/", evaluations.evaluate, name="evaluate"),
    path("evaluations/", evaluations.evaluations, name="evaluations"),
    path("evaluations/renew/", evaluations.renew_recommended, name="renew-recommended"),
    path("evaluations/<int:pk>/sheet/", documents.evaluation_sheet, name="evaluation-sheet"),
    path(
        "evaluations/<int:pk>/sheet.pdf",
        documents.evaluation_sheet,
        {"fmt": "pdf"},
        name="evaluation-sheet-pdf",
    ),
    # Payment details: never a number in a URL; shown whole by POST or in the form.
    path("facilitators/<int:pk>/payment/", payment.payment_details, name="payment"),
    path(
        "facilitators/<int:pk>/payment/reveal/",
        payment.payment_details_reveal,
        name="payment-reveal",
    ),
    *each_form("reports/honorarium", documents.honorarium_list, "honorarium"),
    path("reports/honorarium/issue/", documents.honorarium_issue, name="honorarium-issue"),
    *each_form("reports/evaluations", documents.evaluation_recap, "evaluation-recap"),
]
