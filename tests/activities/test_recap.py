"""The recap of a month: each posted facilitator's report state, on time or late, and
their activities per kind, as page, PDF, XLSX and CSV."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from activities import services
from activities.models import ActivityKind
from assignments.factories import AssignmentFactory
from tests.activities.conftest import log

pytestmark = pytest.mark.django_db


@pytest.fixture
def february(posting, kind, today):
    """Ahmad: February submitted on time with two meetings and a training; Budi: nothing."""
    facilitator = posting.facilitator
    training = ActivityKind.objects.get(name="Pelatihan")
    # Submitted on 4 March, before the deadline of 5 March.
    with time_machine.travel(datetime.datetime(2024, 3, 4, 3, tzinfo=datetime.UTC), tick=False):
        log(facilitator, datetime.date(2024, 2, 5), kind)
        log(facilitator, datetime.date(2024, 2, 6), kind)
        log(facilitator, datetime.date(2024, 2, 7), training)
        log(facilitator, datetime.date(2024, 2, 8), training, draft=True)  # drafts do not count
        report = services.report_save(
            facilitator=facilitator,
            month=datetime.date(2024, 2, 1),
            problems="",
            plan="",
            summary="",
            by=facilitator.user,
        )
        services.report_submit(report=report, by=facilitator.user)
    AssignmentFactory(
        facilitator__name="Budi",
        kelurahan__name="Medono",
        kelurahan__kecamatan=posting.kelurahan.kecamatan,
    )


def test_the_recap_lists_state_timeliness_and_activities_per_kind(client, staff_user, february):
    client.force_login(staff_user)
    url = reverse("activities:recap-csv") + "?month=2024-02"
    rows = b"".join(client.get(url).streaming_content).decode("utf-8-sig").splitlines()
    header = rows[0].split(";")
    assert header[:6] == [
        "No.",
        "Fasilitator",
        "Kelurahan",
        "Kecamatan",
        "Laporan",
        "Ketepatan waktu",
    ]
    by_name = {row.split(";")[1]: row.split(";") for row in rows[1:]}
    ahmad, budi = by_name["Ahmad Fasilitator"], by_name["Budi"]
    kinds = header[6:-1]
    assert ahmad[4:6] == ["Dikirim", "Tepat waktu"]
    assert dict(zip(kinds, ahmad[6:-1], strict=True))["Rapat/musyawarah"] == "2"
    assert dict(zip(kinds, ahmad[6:-1], strict=True))["Pelatihan"] == "1"
    assert ahmad[-1] == "3"
    assert budi[4:6] == ["Terlambat", "Terlambat"]  # 15 March: past the 5 March deadline
    assert budi[-1] == "0"


def test_the_recap_comes_as_page_pdf_and_workbook(client, staff_user, february, artifacts_dir):
    client.force_login(staff_user)
    query = "?month=2024-02"
    page = client.get(reverse("activities:recap") + query)
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="recap-row"') == 2
    pdf = client.get(reverse("activities:recap-pdf") + query)
    (artifacts_dir / "rekap-laporan-bulanan.pdf").write_bytes(pdf.content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "REKAP LAPORAN BULANAN FASILITATOR" in text and "Budi" in text
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("activities:recap-xlsx") + query).streaming_content))
    )
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "Ahmad Fasilitator" in values and "Tepat waktu" in values


def test_a_bad_month_answers_400(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("activities:recap") + "?month=2024-13").status_code == 400
    assert client.get(reverse("activities:recap-csv") + "?month=kemarin").status_code == 400
