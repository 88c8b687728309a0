"""Remind facilitators whose monthly report is not in, and tell staff and area coordinators.

Run it daily from cron (activities.reminders says who hears what, when). Each
reminder goes out once, however often it runs; what could not be sent (no
address, the mail server's refusal) is listed, shown to staff on the dashboard
and tried again by the next run.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from activities import reminders
from outbox.report import report_outcomes


class Command(BaseCommand):
    help = (
        "E-mail facilitators whose monthly report is missing, a draft or returned (3 days "
        "before the deadline, on it and after it) and staff a digest; each reminder once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up a missed run.",
        )

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        planned = reminders.report_reminders_plan(today=today)
        self.stdout.write(f"Report reminders due today: {len(planned)}.")
        # The plan has committed: the mail goes out after it, each reminder on its own.
        report_outcomes(self.stdout, reminders.report_reminders_deliver(today=today))
