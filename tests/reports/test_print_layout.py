"""The printed documents as people sign and file them: an event's sheet dated on
the event's day, each kecamatan named on every page it runs onto, and names in
the recap on one line."""

import datetime
import io

import pypdf
import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import BriefingFactory, BriefingSessionFactory
from briefings.models import Attendance
from registry.models import Kecamatan, Kelurahan
from tests.reports.read import pdf_pages, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bimtek(db):
    """A two-day briefing in March 2024; the reports are printed on 1 July 2024."""
    briefing = BriefingFactory(title="Bimtek Pendampingan LPM")
    BriefingSessionFactory(briefing=briefing, date=datetime.date(2024, 3, 4))
    BriefingSessionFactory(briefing=briefing, date=datetime.date(2024, 3, 5))
    return briefing


@pytest.mark.parametrize("kind", ["blank", "recorded"])
def test_the_attendance_sheet_is_signed_on_the_day_of_the_briefing(supervisor, bimtek, kind):
    url = reverse("reports:attendance-sheet", kwargs={"pk": bimtek.pk}) + f"?kind={kind}"
    page = supervisor.get(url).text
    signature = page[page.index('class="signature"') :]
    assert "Pekalongan, 5 Maret 2024" in signature
    assert "1 Juli 2024" not in signature
    pdf = pdf_text(supervisor.get(url.replace("/?", ".pdf?")))
    assert "Pekalongan, 5 Maret 2024" in pdf


def test_the_roster_is_still_signed_on_the_day_it_is_printed(supervisor, wilayah):
    page = supervisor.get(reverse("reports:roster")).text
    assert "Pekalongan, 1 Juli 2024" in page[page.index('class="signature"') :]


def test_each_printed_page_of_the_roster_names_its_kecamatan(supervisor, wilayah):
    # A kecamatan with many kelurahan runs over a page break.
    barat = Kecamatan.objects.get(name="Pekalongan Barat")
    for number in range(40):
        Kelurahan.objects.create(
            code=f"33.75.01.{2100 + number}", name=f"Kelurahan Uji {number:02}", kecamatan=barat
        )
    pages = pdf_pages(supervisor.get(reverse("reports:roster-pdf")))
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        if "Kelurahan Uji" in text:
            assert "Kecamatan Pekalongan Barat (" in text, f"page {number} does not name it"


def test_recap_names_keep_their_width(supervisor, wilayah):
    name = "Raden Ajeng Sekar Kusumawardhani Prameswari"
    posting = AssignmentFactory(
        facilitator__name=name, kelurahan=Kelurahan.objects.get(name="Medono")
    )
    session = BriefingSessionFactory(date=datetime.date(2024, 3, 4))
    Attendance.objects.create(session=session, facilitator=posting.facilitator, status="hadir")
    response = supervisor.get(
        reverse("reports:attendance-recap-pdf"), {"start": "2024-01-01", "end": "2024-06-30"}
    )
    assert response.status_code == 200
    # Laid out as printed: a long name takes two lines at most (it took four).
    text = (
        pypdf.PdfReader(io.BytesIO(response.content))
        .pages[0]
        .extract_text(extraction_mode="layout")
    )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    first = next(number for number, line in enumerate(lines) if "Raden" in line)
    assert "Raden Ajeng Sekar Kusumawardhani" in lines[first], text
    assert "Prameswari" in lines[first] + lines[first + 1], text
