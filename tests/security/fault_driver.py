"""An application process for the PostgreSQL fault test: it signs in once, then
answers one JSON command per line on stdin with one JSON line on stdout.

It is one long-lived process on purpose: after the database is killed and
restarted, the same process must answer again, as a server does.
"""

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402

# As in the suite: static files straight from static/, no collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()  # responses carry their template context (the import form)

from accounts.models import User  # noqa: E402
from jobs.models import Job  # noqa: E402
from tests.imports.helpers import CONFIRM_URL, csv_file, person, preview  # noqa: E402
from tests.jobs.worker import run_queued_tasks  # noqa: E402

client = Client(raise_request_exception=False)
confirm_data: dict = {}
job_url = ""


def answer(**values) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    command = json.loads(line)
    match command["do"]:
        case "login":
            client.force_login(User.objects.get(username=command["username"]))
            answer(status=200)
        case "get":
            answer(status=client.get(command["path"]).status_code)
        case "post":
            response = client.post(command["path"], command["data"])
            answer(status=response.status_code, body=response.content.decode()[:2000])
        case "preview":
            upload = csv_file([person(**row) for row in command["rows"]])
            response = preview(client, upload)
            form = response.context["confirm_form"]
            confirm_data = {name: form.initial.get(name, "") for name in form.fields}
            answer(status=response.status_code)
        case "confirm":
            response = client.post(CONFIRM_URL, confirm_data)
            job_url = response.get("Location", "")
            answer(status=response.status_code)
        case "work":
            # The worker's part, in this same process: run what is queued.
            try:
                answer(ran=run_queued_tasks())
            except Exception as error:
                answer(error=repr(error)[:300])
        case "job":
            response = client.get(job_url)
            job = Job.objects.get(pk=job_url.rstrip("/").rsplit("/", 1)[-1])
            answer(status=response.status_code, state=job.state, attempts=job.attempts)
