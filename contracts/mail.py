"""Mail about contracts to the office's staff, queued after the transaction commits.

A rolled-back change sends nothing; a worker sends what is queued (jobs.mail).
"""

import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from accounts.roles import MANAGE_CONTRACTS
from jobs.mail import send_mail_on_commit

# Mail speaks Indonesian, like the printed reports.
MAIL_LANGUAGE = "id"


def staff_addresses() -> list[str]:
    """The office's active accounts that keep contracts and have an address (the
    reminders name facilitators of the whole city: never to an account with an area)."""
    app, codename = MANAGE_CONTRACTS.split(".")
    users = User.objects.filter(is_active=True, area="").exclude(email="")
    users = users.filter(
        groups__permissions__content_type__app_label=app, groups__permissions__codename=codename
    )
    return sorted(set(users.values_list("email", flat=True)))


def contracts_ending_on_commit(due: list, *, day: datetime.date) -> None:
    """One message to each staff member: the contracts reaching 60, 30 or 7 days left."""
    recipients = staff_addresses()
    if not recipients:
        return
    context = {
        "due": [(step, contract, (contract.end_date - day).days) for step, contract in due],
        "day": day,
        "site": getattr(settings, "SITE_URL", ""),
    }
    with translation.override(MAIL_LANGUAGE):
        subject = render_to_string("contracts/mail/ending_subject.txt", context).strip()
        body = render_to_string("contracts/mail/ending.txt", context)
    for recipient in recipients:
        send_mail_on_commit(subject=subject, body=body, recipients=[recipient])
