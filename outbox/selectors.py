"""The reminders not sent yet, as the staff's dashboard lists them."""

from dataclasses import dataclass

from django.db.models import OuterRef, Q

from accounts.areas import area_of
from accounts.roles import MANAGE_CONTRACTS, VERIFY_REPORTS, VIEW_REGISTER
from assignments.selectors import posted_in_area_during_month
from outbox.models import Reminder
from outbox.services import whatsapp_link

SHOWN = 20


@dataclass
class UnsentReminder:
    reminder: Reminder
    # The number masked (shown) and the wa.me link (only for who may see the number).
    phone: str = ""
    whatsapp: str = ""


def unsent_kinds(user) -> list[str]:
    kinds = []
    if user.has_perm(VERIFY_REPORTS):
        kinds += [Reminder.Kind.REPORT, Reminder.Kind.REPORT_DIGEST]
    if user.has_perm(MANAGE_CONTRACTS):
        kinds.append(Reminder.Kind.CONTRACT)
    return kinds


def unsent_visible_to(user):
    """The unsent reminders of the kinds the user's work covers, in the user's area:
    those for or about a facilitator posted in it during the period's month, and
    the user's own digest (the office sees all)."""
    reminders = Reminder.objects.unsent().filter(kind__in=unsent_kinds(user))
    if not area_of(user).whole:
        about_area = posted_in_area_during_month(
            user, OuterRef("period"), facilitator="facilitator"
        )
        reminders = reminders.filter((Q(facilitator__isnull=False) & about_area) | Q(user=user))
    return reminders


def unsent_card(user) -> dict | None:
    """The dashboard card "Reminders not sent": None for whom it is not meant."""
    if not unsent_kinds(user):
        return None
    rows = list(
        unsent_visible_to(user)
        .select_related("facilitator", "user")
        .order_by("-period", "kind", "pk")[: SHOWN + 1]
    )
    sees_phone = user.has_perm(VIEW_REGISTER)
    shown = []
    for reminder in rows[:SHOWN]:
        row = UnsentReminder(reminder)
        facilitator = reminder.facilitator
        if reminder.kind == Reminder.Kind.REPORT and facilitator.phone and sees_phone:
            row.phone = facilitator.masked_phone
            row.whatsapp = whatsapp_link(facilitator.phone, reminder.body)
        shown.append(row)
    return {"rows": shown, "more": len(rows) > SHOWN}
