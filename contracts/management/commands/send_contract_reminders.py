"""Mail staff about contracts ending in 60, 30 and 7 days, each reminder once.

Run it daily from cron. What was sent is recorded (ContractReminder): running it
twice a day sends nothing new, and a day missed is caught up the next day.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from contracts import services
from contracts.mail import staff_addresses


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
        due = services.contract_reminders_send(day=today)
        if not due:
            self.stdout.write("No contract reaches 60, 30 or 7 days before its end today.")
            return
        recipients = staff_addresses()
        self.stdout.write(
            f"Reminders for {len(due)} contract(s) mailed to {len(recipients)} staff member(s):"
        )
        for step, contract in due:
            self.stdout.write(
                f"  - {contract.facilitator.name}: {contract.number}, ends "
                f"{contract.end_date:%d/%m/%Y} ({step}-day reminder)"
            )
        if not recipients:
            self.stdout.write("No staff member has an e-mail address: nobody was mailed.")
