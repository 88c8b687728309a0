"""What the facilitator and the office see of a month: that it is late, that a
locked activity is locked, who did what in the history, and every photo whole."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from activities import services
from tests.activities.conftest import jpeg_bytes, log, upload

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2024, 3, 1)
FEBRUARY = datetime.date(2024, 2, 1)


def submitted(facilitator, kind, month=MARCH):
    entry = log(facilitator, month + datetime.timedelta(days=3), kind)
    report = services.report_save(
        facilitator=facilitator,
        month=month,
        problems="-",
        plan="-",
        summary="-",
        by=facilitator.user,
    )
    return entry, services.report_submit(report=report, by=facilitator.user)


def state_line(content: str) -> str:
    return content.split('data-testid="report-state"')[1].split("</p>")[0]


def test_the_facilitator_sees_that_a_report_not_sent_by_its_deadline_is_late(
    client, today, posting, kind
):
    """1 April 2024: February was due on 5 March and never sent; March is due on 5 April."""
    client.force_login(posting.facilitator.user)
    logbook = client.get(reverse("activities:logbook") + "?month=2024-02").content.decode()
    report = client.get(reverse("activities:my-report", args=[2024, 2])).content.decode()
    current = client.get(reverse("activities:logbook") + "?month=2024-03").content.decode()
    assert 'data-state="late"' in state_line(logbook)
    assert 'data-state="late"' in state_line(report)
    assert 'data-state="late"' not in state_line(current)


def test_a_locked_activity_shows_no_form_to_fill_in(client, today, posting, kind):
    entry, _report = submitted(posting.facilitator, kind)
    client.force_login(posting.facilitator.user)
    content = client.get(reverse("activities:entry-update", args=[entry.pk])).content.decode()
    assert 'data-testid="entry-locked"' in content
    assert "Rapat LPM tentang RKM" in content
    for field in ("description", "date", "kind", "hours", "upload"):
        assert f'name="{field}"' not in content


def test_the_history_names_the_facilitator_by_their_name(client, today, posting, kind, staff_user):
    _entry, report = submitted(posting.facilitator, kind)
    services.report_return(report=report, comment="Lengkapi", by=staff_user)
    client.force_login(staff_user)
    review = client.get(reverse("activities:review", args=[report.pk])).content.decode()
    client.force_login(posting.facilitator.user)
    own = client.get(reverse("activities:my-report", args=[2024, 3])).content.decode()
    for content in (review, own):
        history = content.split('data-testid="transitions"')[1].split("</ol>")[0]
        assert "Ahmad Fasilitator" in history
        assert "ahmad.faskel" not in history
        assert "Siti" in history


def drawn_images(page) -> list[tuple[float, float]]:
    """(width, height) of each image drawn on a PDF page, from the matrix that places
    it, in CSS pixels (WeasyPrint draws the page in them, scaled to points once)."""
    stream = page.get_contents().get_data().decode("latin-1")
    sizes = []
    for match in re.finditer(
        r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) [-\d.]+ [-\d.]+ cm\s*/(\S+) Do", stream
    ):
        a, _b, _c, d = (float(match.group(n)) for n in range(1, 5))
        sizes.append((abs(a), abs(d)))
    return sizes


def test_the_annex_shows_a_portrait_photo_whole(
    client, today, posting, kind, staff_user, artifacts_dir
):
    facilitator = posting.facilitator
    entry, report = submitted(facilitator, kind)
    services.report_return(report=report, comment="Tambahkan foto", by=staff_user)
    portrait = upload("tegak.jpg", jpeg_bytes(size=(600, 800)))
    landscape = upload("mendatar.jpg", jpeg_bytes(size=(800, 600), color="red"))
    services.attachments_add(entry=entry, uploads=[portrait, landscape], by=facilitator.user)
    services.report_submit(report=report, by=facilitator.user)

    client.force_login(staff_user)
    response = client.get(reverse("activities:document-pdf", args=[report.pk]))
    (artifacts_dir / "laporan-bulanan-foto-tegak.pdf").write_bytes(response.content)
    pages = PdfReader(io.BytesIO(response.content)).pages
    sizes = [size for page in pages for size in drawn_images(page)]
    assert len(sizes) == 2
    (pw, ph), (lw, lh) = sizes
    mm = 96 / 25.4  # CSS pixels
    # Each whole, in its own shape, inside the box of the annex (82 x 100 mm): the
    # portrait photo is not cut to a landscape frame.
    assert ph / pw == pytest.approx(800 / 600, rel=0.02)
    assert lw / lh == pytest.approx(800 / 600, rel=0.02)
    assert ph <= 100 * mm + 1 and pw <= 82 * mm + 1
    assert lw <= 82 * mm + 1
    css = client.get("/static/activities/report-document.css")
    assert b"object-fit: cover" not in b"".join(
        css.streaming_content if css.streaming else [css.content]
    )
