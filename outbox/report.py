"""What a run of a reminder command did, in the command's output (for cron's mail
and the log): what was sent and what was not, with why. Names only: never a
phone number or another piece of personal data beyond the person's name."""

from outbox.models import Reminder
from outbox.services import Outcome


def describe(reminder: Reminder) -> str:
    return (
        f"{reminder.get_kind_display()}: {reminder.person} — {reminder.period:%d/%m/%Y}, "
        f"{reminder.get_stage_display()}"
    )


def report_outcomes(out, outcomes: list[Outcome]) -> None:
    sent = [o.reminder for o in outcomes if o.sent]
    unsent = [o.reminder for o in outcomes if not o.sent and not o.dropped]
    dropped = [o for o in outcomes if o.dropped]
    out.write(f"Sent: {len(sent)}.")
    for reminder in sent:
        out.write(f"  - {describe(reminder)}")
    if unsent:
        out.write(f"Not sent, tried again by the next run ({len(unsent)}):")
        for reminder in unsent:
            why = reminder.get_reason_display()
            if reminder.error:
                why = f"{why} ({reminder.error})"
            out.write(f"  - {describe(reminder)}: {why}")
    if dropped:
        out.write(f"No longer needed ({len(dropped)}):")
        for outcome in dropped:
            out.write(f"  - {describe(outcome.reminder)}: {outcome.dropped}")
