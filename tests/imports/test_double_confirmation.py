"""A confirmation sent twice (a double click, a resent form) imports the file once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from imports.models import PendingUpload
from imports.storage import ALREADY_IMPORTED, ALREADY_IMPORTING, EXPIRED
from jobs.models import Job
from registry.models import Facilitator
from tests.imports.helpers import CONFIRM_URL, confirmation, person, preview, xlsx_file
from tests.jobs.worker import run_queued_tasks

ROWS = [
    person(
        NIK=f"33750101019{n:05d}",
        NAME=f"Orang {n}",
        PHONE=f"0812345{n:05d}",
        KELURAHAN_CODE="",
        KELURAHAN="",
        START="",
        DECREE="",
    )
    for n in range(60)
]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_a_second_confirmation_while_the_import_runs_is_sent_to_its_progress(staff):
    data = confirmation(preview(staff, xlsx_file(ROWS)))

    first = staff.post(CONFIRM_URL, data)
    second = staff.post(CONFIRM_URL, data, follow=True)  # before any worker ran

    assert second.redirect_chain == [(first.url, 302)]
    assert messages_of(second) == [str(ALREADY_IMPORTING)]
    assert 'id="job-progress"' in second.content.decode()  # the progress, not a second import
    assert Job.objects.filter(kind="import-confirm").count() == 1
    run_queued_tasks()
    assert Facilitator.objects.count() == 60
    assert "Impor selesai: 60 baru" in staff.get(first.url).content.decode()


@pytest.mark.django_db
def test_the_second_of_two_confirmations_is_told_and_imports_nothing(staff):
    data = confirmation(preview(staff, xlsx_file(ROWS)))

    first = staff.post(CONFIRM_URL, data)
    run_queued_tasks()
    second = staff.post(CONFIRM_URL, data, follow=True)
    run_queued_tasks()

    assert Facilitator.objects.count() == 60
    assert "Impor selesai: 60 baru" in staff.get(first.url).content.decode()
    assert messages_of(second) == [str(ALREADY_IMPORTED)]
    assert messages_of(second)[0].startswith("File ini sudah diimpor")
    assert PendingUpload.objects.get().data == b""  # the file itself is gone


@pytest.mark.django_db
def test_a_confirmation_of_an_upload_nobody_kept_says_it_expired(staff):
    data = confirmation(preview(staff, xlsx_file(ROWS[:1])))
    PendingUpload.objects.all().delete()

    response = staff.post(CONFIRM_URL, data, follow=True)

    assert messages_of(response) == [str(EXPIRED)]
    assert not Job.objects.filter(kind="import-confirm").exists()
    assert not Facilitator.objects.exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_confirmations_import_once(staff_user, wilayah):
    client = Client()
    client.force_login(staff_user)
    data = confirmation(preview(client, xlsx_file(ROWS)))
    barrier = threading.Barrier(2)
    statuses = []

    def confirm():
        other = Client()
        other.force_login(staff_user)
        try:
            barrier.wait()
            statuses.append(other.post(CONFIRM_URL, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]
    assert PendingUpload.objects.filter(confirmed_at__isnull=False).count() == 1
    assert Job.objects.filter(kind="import-confirm").count() == 1
    run_queued_tasks()
    assert Facilitator.objects.count() == 60
