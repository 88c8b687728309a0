"""Several photos and documents in one save: all kept, or none when one is refused."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfWriter

from activities.forms import FILES_PER_SAVE
from activities.models import ActivityEntry, Attachment
from tests.activities.conftest import jpeg_bytes, log, upload
from tests.activities.test_cycle import entry_data

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def three_files(*, third=None):
    return [
        upload(name="rapat-1.jpg", data=jpeg_bytes()),
        upload(name="rapat-2.jpg", data=jpeg_bytes(size=(300, 200))),
        third or upload(name="notulen.pdf", data=pdf_bytes(), content_type="application/pdf"),
    ]


def test_an_activity_is_logged_with_two_photos_and_its_minutes_in_one_save(
    client, today, posting, kind
):
    client.force_login(posting.facilitator.user)
    data = entry_data("2024-03-12", "Rapat LPM", kind, upload=three_files(), caption="Rapat")
    response = client.post(reverse("activities:entry-create"), data)

    assert response.status_code == 302
    entry = ActivityEntry.objects.get()
    assert sorted(entry.attachments.values_list("kind", "original_name", "caption")) == [
        ("document", "notulen.pdf", "Rapat"),
        ("photo", "rapat-1.jpg", "Rapat"),
        ("photo", "rapat-2.jpg", "Rapat"),
    ]
    assert len(stored_files()) == 3
    page = client.get(reverse("activities:entry-update", args=[entry.pk])).content.decode()
    assert page.count('data-testid="attachment"') == 3


def test_one_refused_file_keeps_none_of_them_nor_the_new_activity(client, today, posting, kind):
    client.force_login(posting.facilitator.user)
    program = upload(name="foto-3.jpg", data=b"MZ\x90\x00" + b"\x00" * 500)
    data = entry_data("2024-03-12", "Rapat LPM", kind, upload=three_files(third=program))
    response = client.post(reverse("activities:entry-create"), data)

    assert response.status_code == 200
    assert "foto-3.jpg: " in response.content.decode()
    assert not ActivityEntry.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []  # the two photos stored before it went with it


def test_files_added_to_an_existing_activity_are_all_or_none_too(client, today, posting, kind):
    entry = log(posting.facilitator, datetime.date(2024, 3, 12), kind)
    client.force_login(posting.facilitator.user)
    program = upload(name="foto-3.jpg", data=b"MZ" + b"\x00" * 500)
    data = entry_data("2024-03-12", "Rapat LPM diubah", kind, upload=three_files(third=program))
    response = client.post(reverse("activities:entry-update", args=[entry.pk]), data)

    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.description == "Rapat LPM tentang RKM"  # the change went with the files
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_more_files_than_a_save_takes_are_refused_before_any_is_read(client, today, posting, kind):
    client.force_login(posting.facilitator.user)
    many = [upload(name=f"foto-{n}.jpg") for n in range(FILES_PER_SAVE + 1)]
    data = entry_data("2024-03-12", "Rapat LPM", kind, upload=many)
    response = client.post(reverse("activities:entry-create"), data)

    assert response.status_code == 200
    assert f"Kirim paling banyak {FILES_PER_SAVE} berkas sekaligus." in response.content.decode()
    assert not ActivityEntry.objects.exists()
    assert stored_files() == []
