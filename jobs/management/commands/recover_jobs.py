"""Put back on the queue every running job whose worker fell silent.

A job's page does it for the job it shows; this does it for all, so that a job
nobody is watching (a mail, a document asked for and left) is not left running
for ever after its worker died. Run it every few minutes from cron.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jobs.models import Job
from jobs.services import job_recover, stale_after


class Command(BaseCommand):
    help = "Queue again the running jobs whose worker fell silent (JOBS_STALE_AFTER)."

    def handle(self, *args, **options):
        now = timezone.now()
        silent = Job.objects.filter(state=Job.State.RUNNING).exclude(
            heartbeat_at__gte=now - stale_after()
        )
        recovered = sum(job_recover(job=job, now=now) for job in silent.order_by("pk"))
        self.stdout.write(f"{recovered} job(s) queued again.")
