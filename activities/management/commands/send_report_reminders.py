"""Remind facilitators whose monthly report is not submitted, three days before the deadline.

Run it daily from cron; on other days it sends nothing. A facilitator without an
e-mail address is skipped and listed, so the office can call them instead.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from activities import mail
from activities.models import ReportingSettings, month_start
from activities.selectors import facilitators_to_remind

DAYS_BEFORE = 3


class Command(BaseCommand):
    help = "E-mail facilitators whose monthly report is not submitted, 3 days before the deadline."

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
        month = month_start(month_start(today) - datetime.timedelta(days=1))
        deadline = ReportingSettings.load().deadline_of(month)
        if today != deadline - datetime.timedelta(days=DAYS_BEFORE):
            self.stdout.write(
                f"No reminders today: the report of {month:%m/%Y} is due on "
                f"{deadline:%d/%m/%Y}; reminders go out on "
                f"{deadline - datetime.timedelta(days=DAYS_BEFORE):%d/%m/%Y}."
            )
            return
        sent, skipped = 0, []
        for facilitator in facilitators_to_remind(month, today=today):
            if not mail.address_of(facilitator):
                skipped.append(facilitator)
                continue
            mail.send_reminder(facilitator, month=month, deadline=deadline)
            sent += 1
        self.stdout.write(f"Reminders queued for {month:%m/%Y}: {sent}.")
        if skipped:
            self.stdout.write(f"Skipped, no e-mail address ({len(skipped)}):")
            for facilitator in skipped:
                self.stdout.write(f"  - {facilitator.name} (register no. {facilitator.pk})")
