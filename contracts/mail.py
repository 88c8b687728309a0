"""Mail about contracts to the office's staff: the reminders of a contract's end,
written for the outbox (outbox.services), which sends them after the plan commits."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from accounts.roles import MANAGE_CONTRACTS
from contracts.models import Contract
from outbox.models import Reminder
from outbox.services import Letter, absolute_url

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


def contract_ending_letter(reminder: Reminder, *, day: datetime.date) -> Letter:
    """The reminder of one contract's end, to every staff member who keeps contracts,
    as the contract stands on the day it is sent."""
    contract = (
        Contract.objects.filter(facilitator=reminder.facilitator_id, end_date=reminder.period)
        .select_related("facilitator")
        .first()
    )
    if contract is None:
        return Letter(dropped="the contract's end changed")
    context = {
        "due": [(int(reminder.stage), contract, (contract.end_date - day).days)],
        "day": day,
        "link": absolute_url(reminder.link),
    }
    with translation.override(MAIL_LANGUAGE):
        subject = render_to_string("contracts/mail/ending_subject.txt", context).strip()
        body = render_to_string("contracts/mail/ending.txt", context)
    return Letter(subject=subject, body=body, recipients=staff_addresses())
