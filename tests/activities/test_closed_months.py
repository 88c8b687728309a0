"""Back-dating has a limit: a month older than the office's setting (three past
months by default), or before the facilitator's first posting, is closed for
logging; staff of the area open an old month for late entry, with a reason that
the report's history shows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from activities import services
from activities.models import ActivityEntry, MonthlyReport, MonthOpening, ReportingSettings
from assignments.factories import AssignmentFactory
from tests.activities.conftest import log
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
AUGUST = datetime.date(2026, 8, 1)


@pytest.fixture
def december_8():
    with time_machine.travel(datetime.datetime(2026, 12, 8, 10, tzinfo=JAKARTA), tick=False):
        yield datetime.date(2026, 12, 8)


@pytest.fixture
def since_2019(facilitator):
    """Posted since January 2019, as the demo's facilitators are."""
    return AssignmentFactory(
        facilitator=facilitator,
        kelurahan__name="Kergon",
        kelurahan__kecamatan__name="Pekalongan Barat",
        start_date=datetime.date(2019, 1, 2),
    )


def entry_data(day, kind):
    return {
        "date": day,
        "kind": kind.pk,
        "accompanied": "LPM",
        "accompanied_detail": "",
        "description": "Rapat LPM",
        "result": "",
        "participants": "10",
        "hours": "2",
        "finished": "1",
    }


def test_an_activity_dated_13_february_2019_is_refused(client, december_8, since_2019, kind):
    client.force_login(since_2019.facilitator.user)
    response = client.post(reverse("activities:entry-create"), entry_data("2019-02-13", kind))
    assert response.status_code == 200
    assert "Februari 2019 sudah ditutup untuk pencatatan" in response.content.decode()
    assert not ActivityEntry.objects.exists()


def test_the_last_three_months_stay_open_and_the_fourth_is_closed(december_8, since_2019, kind):
    facilitator = since_2019.facilitator
    log(facilitator, datetime.date(2026, 9, 1), kind)  # September: the third month back
    with pytest.raises(ValidationError) as refused:
        log(facilitator, datetime.date(2026, 8, 31), kind)
    assert "Agustus 2026 sudah ditutup untuk pencatatan" in refused.value.messages[0]
    ReportingSettings(open_months=4).save()
    log(facilitator, datetime.date(2026, 8, 31), kind)
    assert ActivityEntry.objects.count() == 2


def test_a_closed_months_report_page_says_who_can_open_it_and_takes_nothing(
    client, december_8, since_2019
):
    facilitator = since_2019.facilitator
    client.force_login(facilitator.user)
    url = reverse("activities:my-report", args=[2019, 2])
    content = client.get(url).content.decode()
    assert "Staf DPMPPA atau koordinator wilayah Anda dapat membukanya" in content
    assert 'name="summary"' not in content
    client.post(url, {"summary": "Susulan", "problems": "", "plan": "", "submit": "1"})
    assert not MonthlyReport.objects.exists()
    with pytest.raises(ValidationError):
        services.report_save(
            facilitator=facilitator,
            month=datetime.date(2019, 2, 1),
            problems="",
            plan="",
            summary="Susulan",
            by=facilitator.user,
        )


def test_a_month_before_the_first_posting_has_no_report_page(client, december_8, facilitator):
    AssignmentFactory(facilitator=facilitator, start_date=datetime.date(2026, 10, 5))
    client.force_login(facilitator.user)
    assert client.get(reverse("activities:my-report", args=[2019, 2])).status_code == 404
    assert client.get(reverse("activities:my-report", args=[2026, 9])).status_code == 404
    assert client.get(reverse("activities:my-report", args=[2026, 10])).status_code == 200
    logbook = client.get(reverse("activities:logbook") + "?month=2026-09").content.decode()
    assert "Anda belum ditugaskan di kelurahan pada September 2026" in logbook
    assert reverse("activities:my-report", args=[2026, 9]) not in logbook


def test_staff_open_an_old_month_with_a_reason_and_the_history_shows_it(
    client, december_8, since_2019, kind, staff_user
):
    facilitator = since_2019.facilitator
    url = reverse("activities:facilitator-open-month", args=[facilitator.pk])
    client.force_login(staff_user)
    response = client.post(url, {"month": "2026-08", "reason": "  "})
    assert response.status_code == 400
    assert not MonthOpening.objects.exists()
    response = client.post(url, {"month": "2026-10", "reason": "Masih terbuka"})
    assert "Oktober 2026 masih terbuka untuk pencatatan" in response.content.decode()
    response = client.post(
        url, {"month": "2026-08", "reason": "Sakit sebulan, surat keterangan dokter terlampir"}
    )
    assert response.status_code == 302

    client.force_login(facilitator.user)
    log(facilitator, datetime.date(2026, 8, 20), kind)
    report = services.report_save(
        facilitator=facilitator,
        month=AUGUST,
        problems="",
        plan="",
        summary="Susulan",
        by=facilitator.user,
    )
    report = services.report_submit(report=report, by=facilitator.user)
    assert report.late
    history = client.get(reverse("activities:my-report", args=[2026, 8])).content.decode()
    assert "Sakit sebulan, surat keterangan dokter terlampir" in history
    assert "bulan dibuka untuk pencatatan susulan" in history
    client.force_login(staff_user)
    review = client.get(reverse("activities:review", args=[report.pk])).content.decode()
    assert "Sakit sebulan, surat keterangan dokter terlampir" in review
    assert "Siti" in review.split('data-testid="opening"')[1]


def test_only_staff_of_the_area_open_a_month(december_8, since_2019, supervisor_user, staff_user):
    facilitator = since_2019.facilitator
    elsewhere = make_user("koordinator.lain", "Koordinator Wilayah", area="33.75.04")
    for user in (supervisor_user, elsewhere, facilitator.user):
        with pytest.raises(PermissionDenied):
            services.month_open(facilitator=facilitator, month=AUGUST, reason="x", by=user)
    here = make_user(
        "koordinator.barat", "Koordinator Wilayah", area=since_2019.kelurahan.kecamatan.code
    )
    services.month_open(facilitator=facilitator, month=AUGUST, reason="Surat lurah", by=here)
    assert MonthOpening.objects.get().opened_by == here


def test_a_returned_old_report_is_open_to_fix(december_8, since_2019, kind, staff_user):
    facilitator = since_2019.facilitator
    with time_machine.travel(datetime.datetime(2026, 8, 31, 10, tzinfo=JAKARTA), tick=False):
        log(facilitator, datetime.date(2026, 8, 3), kind)
        report = services.report_save(
            facilitator=facilitator,
            month=AUGUST,
            problems="",
            plan="",
            summary="",
            by=facilitator.user,
        )
        services.report_submit(report=report, by=facilitator.user)
    services.report_return(report=report, comment="Lengkapi hasil", by=staff_user)
    entry = ActivityEntry.objects.get()
    services.entry_update(entry=entry, result="Hasil dicatat", by=facilitator.user)
    assert services.report_submit(report=report, by=facilitator.user).state == "submitted"
