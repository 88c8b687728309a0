"""A month of work through the pages: logged, submitted, returned, fixed, verified,
approved, printed; after approval nothing changes any more."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from activities.models import ActivityEntry, MonthlyReport
from tests.activities.conftest import gps_exif, jpeg_bytes, upload
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

ACTIVITIES = [
    ("2024-03-04", "Rapat pengurus LPM membahas RKM"),
    ("2024-03-07", "Pendampingan BKM menyusun laporan keuangan"),
    ("2024-03-12", "Monitoring pembangunan saluran RW 05"),
]


def entry_data(day, description, kind, **extra):
    return {
        "date": day,
        "kind": kind.pk,
        "accompanied": "LPM",
        "accompanied_detail": "",
        "description": description,
        "result": "Tindak lanjut disepakati",
        "participants": "15",
        "hours": "2.5",
        "finished": "1",
        **extra,
    }


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def test_a_month_goes_from_the_field_to_an_approved_signed_pdf(
    client,
    today,
    posting,
    kind,
    staff_user,
    supervisor_user,
    django_capture_on_commit_callbacks,
    artifacts_dir,
):
    facilitator = posting.facilitator
    staff_user.last_name, staff_user.nip = "Rahmawati", "197001011995031001"
    staff_user.save()
    supervisor_user.first_name, supervisor_user.last_name = "Budi", "Santoso"
    supervisor_user.save()

    client.force_login(facilitator.user)
    for number, (day, description) in enumerate(ACTIVITIES):
        extra = {}
        if number == 0:
            extra = {"upload": upload(data=jpeg_bytes(exif=gps_exif())), "caption": "Rapat LPM"}
        response = client.post(
            reverse("activities:entry-create"), entry_data(day, description, kind, **extra)
        )
        assert response.status_code == 302, response.content.decode()
    assert ActivityEntry.objects.filter(kelurahan=posting.kelurahan, is_draft=False).count() == 3

    my_report = reverse("activities:my-report", args=[2024, 3])
    texts = {
        "summary": "Bulan yang aktif",
        "problems": "Pengurus jarang hadir; dijadwalkan ulang",
        "plan": "Musrenbang",
    }
    response = client.post(my_report, {**texts, "submit": "1"})
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.state, report.late) == ("submitted", False)

    client.force_login(staff_user)
    inbox = client.get(reverse("activities:inbox")).content.decode()
    assert facilitator.name in inbox
    # On a phone each cell shows its column's name, in the page's language.
    assert 'data-label="Fasilitator"' in inbox and 'data-label="Dikirim"' in inbox
    review = client.get(reverse("activities:review", args=[report.pk])).content.decode()
    assert "Monitoring pembangunan saluran RW 05" in review
    photo = report.entries().get(date="2024-03-04").attachments.get()
    assert reverse("activities:attachment", args=[photo.pk]) in review
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("activities:return", args=[report.pk]), {"comment": "Tambahkan hasil rapat"}
        )
    assert response.status_code == 302

    client.force_login(facilitator.user)
    page = client.get(my_report).content.decode()
    assert "Tambahkan hasil rapat" in page
    entry = report.entries().get(date="2024-03-04")
    response = client.post(
        reverse("activities:entry-update", args=[entry.pk]),
        entry_data("2024-03-04", "Rapat pengurus LPM membahas RKM, hasil dicatat", kind),
    )
    assert response.status_code == 302
    assert client.post(my_report, {**texts, "submit": "1"}).status_code == 302

    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("activities:verify", args=[report.pk])).status_code == 302
    client.force_login(supervisor_user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("activities:approve", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.state == "approved"
    run_queued_tasks()  # the worker sends the mail the steps queued
    assert [m.subject.split(" sudah ")[-1].split(" dikembalikan")[0] for m in mail.outbox] == [
        "Laporan bulanan Maret 2024",
        "diverifikasi",
        "disetujui",
    ]

    client.force_login(facilitator.user)
    response = client.get(reverse("activities:document-pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    (artifacts_dir / "laporan-bulanan.pdf").write_bytes(response.content)
    text = " ".join(pdf_text(response).split())
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len({image.name for page in pages for image in page.images}) == 1  # the photo
    for _day, description in ACTIVITIES[1:]:
        assert description in text
    assert "hasil dicatat" in text
    assert facilitator.name in text
    assert "Siti Rahmawati" in text and "197001011995031001" in text
    assert "Budi Santoso" in text
    assert text.count("1 April 2024") >= 3  # submitted, verified and approved today

    # Approved: locked for the facilitator, staff and the supervisor alike.
    refused = [
        client.post(
            reverse("activities:entry-update", args=[entry.pk]),
            entry_data("2024-03-04", "Diubah setelah disetujui", kind),
        ),
        client.post(my_report, {**texts, "summary": "Diubah", "submit": "1"}),
        client.post(reverse("activities:entry-create"), entry_data("2024-03-14", "Baru", kind)),
        client.post(reverse("activities:entry-delete", args=[entry.pk])),
    ]
    client.force_login(staff_user)
    refused.append(client.post(reverse("activities:return", args=[report.pk]), {"comment": "lagi"}))
    refused.append(client.post(reverse("activities:verify", args=[report.pk])))
    client.force_login(supervisor_user)
    refused.append(client.post(reverse("activities:approve", args=[report.pk])))
    assert all(response.status_code in {200, 302, 400} for response in refused)
    report.refresh_from_db()
    assert report.state == "approved"
    assert report.summary == "Bulan yang aktif"
    assert ActivityEntry.objects.count() == 3
    assert not ActivityEntry.objects.filter(description__contains="Diubah").exists()
    assert report.transitions.count() == 5
