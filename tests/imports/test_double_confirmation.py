"""A confirmation sent twice (a double click, a resent form) imports the file once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from imports.models import PendingUpload
from imports.storage import ALREADY_IMPORTED, EXPIRED
from registry.models import Facilitator
from tests.imports.helpers import CONFIRM_URL, person, preview, xlsx_file

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


def confirmation(response) -> dict:
    form = response.context["confirm_form"]
    return {name: form.initial.get(name, "") for name in form.fields}


@pytest.mark.django_db
def test_the_second_of_two_confirmations_is_told_and_imports_nothing(staff):
    data = confirmation(preview(staff, xlsx_file(ROWS)))

    first = staff.post(CONFIRM_URL, data, follow=True)
    second = staff.post(CONFIRM_URL, data, follow=True)

    assert Facilitator.objects.count() == 60
    assert "Impor selesai: 60 baru" in first.content.decode()
    messages = [str(m) for m in second.context["messages"]]
    assert messages == [str(ALREADY_IMPORTED)]
    assert messages[0].startswith("File ini sudah diimpor")
    assert PendingUpload.objects.get().data == b""  # the file itself is gone


@pytest.mark.django_db
def test_a_confirmation_of_an_upload_nobody_kept_says_it_expired(staff):
    data = confirmation(preview(staff, xlsx_file(ROWS[:1])))
    PendingUpload.objects.all().delete()

    response = staff.post(CONFIRM_URL, data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [str(EXPIRED)]
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
    assert Facilitator.objects.count() == 60
    assert PendingUpload.objects.filter(confirmed_at__isnull=False).count() == 1
