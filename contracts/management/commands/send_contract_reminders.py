"""Mail staff about contracts ending in 60, 30 and 7 days, each reminder once.

Run it daily from cron. Reminders go through the outbox: running it twice a day
sends nothing new, a day missed is caught up the next day, and a reminder that
could not be sent (no staff address, the mail server's refusal) is listed, shown
on the dashboard and tried again by the next run.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contracts import services
from outbox.report import report_outcomes


class Command(BaseCommand):
    help = "E-mail staff about facilitator contracts ending in 60, 30 and 7 days (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up."
        )

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from None
        planned = services.contract_reminders_plan(day=today)
        self.stdout.write(f"Contract reminders due today: {len(planned)}.")
        # The plan has committed: the mail goes out after it, each reminder on its own.
        report_outcomes(self.stdout, services.contract_reminders_deliver(day=today))
