"""Planning reminders once and sending them until the mail server takes them.

The daily commands work in two steps. `reminder_plan` records what is due on the
day, in the command's transaction: each key once (the database's unique
constraint), so a second run of the day plans nothing new. Then, once that
transaction has committed, `reminders_deliver` sends every reminder still unsent
(today's and those an earlier run could not send), each in a transaction of its
own that nothing else may enclose (`durable`), so a reminder is marked sent only
together with the mail server's acceptance and never by a change rolled back
later. The kinds' own modules (activities.reminders, contracts.reminders) say who
gets what: they hand `reminders_deliver` a function that writes the letter.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from outbox.models import Reminder

ERROR_LENGTH = 500


def absolute_url(path: str) -> str:
    """A page of the site as a link in a mail (the site's address from SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + path


def international_phone(phone: str) -> str:
    """A stored phone number (081234567890) in the international form wa.me needs
    (6281234567890); empty when it is not an Indonesian mobile number."""
    if phone.startswith("0") and phone[1:].isdigit():
        return "62" + phone[1:]
    return ""


def whatsapp_link(phone: str, text: str) -> str:
    """A wa.me link that opens a chat with the number and the text typed in (the
    phone is personal data: the link only for who may see the number)."""
    number = international_phone(phone)
    return f"https://wa.me/{number}?text={quote(text)}" if number else ""


@dataclass
class Letter:
    """What a reminder says and to whom; `dropped` (why) when it is no longer needed."""

    subject: str = ""
    body: str = ""
    recipients: list[str] = field(default_factory=list)
    dropped: str = ""


@dataclass
class Outcome:
    reminder: Reminder
    sent: bool
    dropped: str = ""


@transaction.atomic
def reminder_plan(
    *,
    kind: str,
    period: datetime.date,
    stage: str,
    link: str,
    facilitator=None,
    user=None,
    supersedes: Iterable[str] = (),
) -> Reminder | None:
    """Plan the reminder of this key; None when it was planned before (sent or not).

    The unsent reminders of the same person and period at the stages it
    `supersedes` are dropped: the one of the deadline replaces an unsent one of
    three days before, which would now say something untrue.
    """
    reminder, created = Reminder.objects.get_or_create(
        kind=kind,
        facilitator=facilitator,
        user=user,
        period=period,
        stage=stage,
        defaults={"link": link},
    )
    if not created:
        return None
    if supersedes:
        Reminder.objects.unsent().filter(
            kind=kind, facilitator=facilitator, user=user, period=period, stage__in=supersedes
        ).update(state=Reminder.State.DROPPED)
    return reminder


def reminders_deliver(
    *, kinds: Iterable[str], write: Callable[[Reminder], Letter]
) -> list[Outcome]:
    """Send every unsent reminder of these kinds; returns what became of each."""
    pending = (
        Reminder.objects.unsent()
        .filter(kind__in=list(kinds))
        .select_related("facilitator__user", "user")
        .order_by("period", "pk")
    )
    return [reminder_deliver(reminder=reminder, write=write) for reminder in pending]


def reminder_deliver(*, reminder: Reminder, write: Callable[[Reminder], Letter]) -> Outcome:
    """Send one reminder, recorded as sent only if the server accepted it for at
    least one recipient; else it stays unsent with why, for the next run."""
    with transaction.atomic(durable=True):
        # Another run sending at the same moment waits here, then finds it sent.
        state = (
            Reminder.objects.select_for_update()
            .filter(pk=reminder.pk)
            .values_list("state", flat=True)
        )
        if list(state) != [Reminder.State.PENDING]:
            return Outcome(reminder, sent=False, dropped="sent by another run")
        letter = write(reminder)
        reminder.tried_at = timezone.now()
        if letter.dropped:
            reminder.state = Reminder.State.DROPPED
            reminder.save(update_fields=["state", "tried_at"])
            return Outcome(reminder, sent=False, dropped=letter.dropped)
        reminder.subject, reminder.body = letter.subject[:300], letter.body
        reminder.attempts += 1
        reminder.reason, reminder.error = _send(letter)
        if not reminder.reason:
            reminder.state = Reminder.State.SENT
            reminder.sent_at = reminder.tried_at
        reminder.save(
            update_fields=[
                "state",
                "subject",
                "body",
                "attempts",
                "reason",
                "error",
                "tried_at",
                "sent_at",
            ]
        )
    return Outcome(reminder, sent=reminder.state == Reminder.State.SENT)


def _send(letter: Letter) -> tuple[str, str]:
    """(reason, error) why the mail was not taken; ("", "") when it was."""
    if not letter.recipients:
        return Reminder.Reason.NO_ADDRESS, ""
    message = EmailMessage(letter.subject, letter.body, None, letter.recipients)
    try:
        accepted = message.send()
    except Exception as error:  # noqa: BLE001 -- any failure of the server is recorded, not raised
        return Reminder.Reason.FAILED, f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
    if not accepted:
        return Reminder.Reason.NOBODY, ""
    return "", ""
