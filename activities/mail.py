"""The facilitator's mail about their report, queued after the transaction commits.

A rolled-back change sends nothing; a worker sends what is queued (jobs.mail),
so a slow mail server never holds a request. A facilitator without an e-mail
address (neither on their record nor on their account) gets no mail.
"""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from activities.models import MonthlyReport
from jobs.mail import send_mail_on_commit
from outbox.services import absolute_url

# Mail to facilitators speaks Indonesian, like the printed reports.
MAIL_LANGUAGE = "id"


def address_of(facilitator) -> str:
    return facilitator.mail_address


def report_changed_on_commit(report: MonthlyReport, *, comment: str = "") -> None:
    recipient = address_of(report.facilitator)
    if not recipient:
        return
    month = report.month
    link = absolute_url(reverse("activities:my-report", args=[month.year, month.month]))
    context = {"report": report, "comment": comment, "link": link}
    state = report.state
    # Rendered after the commit, as the report then stands.
    transaction.on_commit(lambda: _send(f"activities/mail/{state}", context, [recipient]))


def _send(template: str, context: dict, recipients: list[str]) -> None:
    with translation.override(MAIL_LANGUAGE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    send_mail_on_commit(subject=subject, body=body, recipients=recipients)
