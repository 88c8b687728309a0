"""A month is reported, verified and approved only when it is over, through every
way in: submitted from its last day, verified and approved from the day after.

The whole cycle runs inside a month, on its last day and on the day after, for
an ordinary month, February of a leap year (2028) and December (the year turns).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import MonthlyReport, ReportingSettings
from tests.activities.conftest import log

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
MONTH_NAMES = {2: "Februari", 3: "Maret", 12: "Desember"}


def at(day: datetime.date, hour: int = 10, minute: int = 0):
    """The time of the day in Pekalongan."""
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour, minute), JAKARTA), tick=False
    )


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "first, last",
    [
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)),
        (datetime.date(2028, 2, 1), datetime.date(2028, 2, 29)),
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
    ],
    ids=["march", "leap-february", "december"],
)
def test_a_month_is_submitted_on_its_last_day_and_decided_on_the_day_after(
    client, posting, kind, staff_user, supervisor_user, first, last
):
    facilitator = posting.facilitator
    day_after = last + datetime.timedelta(days=1)
    my_report = reverse("activities:my-report", args=[first.year, first.month])
    texts = {"summary": "Bulan yang aktif", "problems": "-", "plan": "Musrenbang"}

    # Each step signs in on its day: a session from another year would have expired.
    with at(first + datetime.timedelta(days=9)):
        client.force_login(facilitator.user)
        log(facilitator, first + datetime.timedelta(days=2), kind)
        log(facilitator, first + datetime.timedelta(days=9), kind)
        content = page(client, my_report)
        assert 'name="submit"' not in content
        opens = f"{last.day} {MONTH_NAMES[last.month]} {last.year}"
        assert f"Laporan bulan ini dapat dikirim mulai {opens}." in content
        response = client.post(my_report, {**texts, "submit": "1"})
        assert f"Laporan bulan ini dapat dikirim mulai {opens}." in response.content.decode()
        assert MonthlyReport.objects.get().state == "draft"

    with at(last, 8):
        client.force_login(facilitator.user)
        log(facilitator, last, kind)  # the last day's work goes in too
        assert 'name="submit"' in page(client, my_report)
        assert client.post(my_report, {**texts, "submit": "1"}).status_code == 302
    report = MonthlyReport.objects.get()
    assert (report.state, report.late, report.entries().count()) == ("submitted", False, 3)

    # Still the last day, at 23.59 in Pekalongan: the month is not over.
    with at(last, 23, 59):
        client.force_login(staff_user)
        review = page(client, reverse("activities:review", args=[report.pk]))
        assert "Verifikasi</button>" not in review
        assert "dapat diverifikasi dan disetujui mulai" in review
        response = client.post(reverse("activities:verify", args=[report.pk]))
        assert response.status_code == 400
        assert "belum berakhir" in response.content.decode()
        with pytest.raises(ValidationError) as refused:
            services.report_verify(report=report, by=staff_user)
        assert "belum berakhir" in " ".join(refused.value.messages)
        report.refresh_from_db()
        assert report.state == "submitted"

    with at(day_after, 0, 5):
        client.force_login(staff_user)
        assert client.post(reverse("activities:verify", args=[report.pk])).status_code == 302
        client.force_login(supervisor_user)
        assert client.post(reverse("activities:approve", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.state == "approved"
    assert report.approved_at.astimezone(JAKARTA).date() == day_after


def test_on_8_december_the_december_report_is_not_submitted_and_says_from_when(
    client, posting, kind
):
    facilitator = posting.facilitator
    with at(datetime.date(2026, 12, 8)):
        client.force_login(facilitator.user)
        log(facilitator, datetime.date(2026, 12, 3), kind)
        report = services.report_save(
            facilitator=facilitator,
            month=datetime.date(2026, 12, 1),
            problems="",
            plan="",
            summary="",
            by=facilitator.user,
        )
        with pytest.raises(ValidationError) as refused:
            services.report_submit(report=report, by=facilitator.user)
        content = page(client, reverse("activities:my-report", args=[2026, 12]))
        logbook = page(client, reverse("activities:logbook"))
    assert refused.value.messages == ["Laporan bulan ini dapat dikirim mulai 31 Desember 2026."]
    assert 'name="submit"' not in content
    assert "Laporan bulan ini dapat dikirim mulai 31 Desember 2026." in content
    assert "Laporan bulan ini dapat dikirim mulai 31 Desember 2026." in logbook
    report.refresh_from_db()
    assert report.state == "draft"


def test_the_office_may_open_submission_a_few_days_before_the_end(client, posting, kind):
    ReportingSettings(submit_days_early=3).save()
    facilitator = posting.facilitator
    with at(datetime.date(2026, 12, 27)):
        log(facilitator, datetime.date(2026, 12, 3), kind)
        report = services.report_save(
            facilitator=facilitator,
            month=datetime.date(2026, 12, 1),
            problems="",
            plan="",
            summary="",
            by=facilitator.user,
        )
        with pytest.raises(ValidationError):
            services.report_submit(report=report, by=facilitator.user)
    with at(datetime.date(2026, 12, 28)):
        assert services.report_submit(report=report, by=facilitator.user).state == "submitted"


def _submitted_on_the_last_day(facilitator, kind, last):
    with at(last):
        log(facilitator, last, kind)
        report = services.report_save(
            facilitator=facilitator,
            month=last.replace(day=1),
            problems="",
            plan="",
            summary="",
            by=facilitator.user,
        )
        return services.report_submit(report=report, by=facilitator.user)


def test_a_verified_report_is_approved_neither_alone_nor_in_bulk_before_the_month_is_over(
    client, posting, kind, staff_user, supervisor_user
):
    """Staff verify on 1 December; the clock is put back: approval waits all the same
    (and the matrix offers no bulk approval of a month not over)."""
    report = _submitted_on_the_last_day(posting.facilitator, kind, datetime.date(2026, 11, 30))
    with at(datetime.date(2026, 12, 1)):
        services.report_verify(report=report, by=staff_user)
    # A December report verified by hand in the database, as a bad import would leave it.
    december = _submitted_on_the_last_day(posting.facilitator, kind, datetime.date(2026, 12, 31))
    MonthlyReport.objects.filter(pk=december.pk).update(state="verified")
    with at(datetime.date(2026, 12, 31), 12):
        client.force_login(supervisor_user)
        with pytest.raises(ValidationError):
            services.report_approve(report=december, by=supervisor_user)
        with pytest.raises(ValidationError):
            services.reports_approve_month(month=datetime.date(2026, 12, 1), by=supervisor_user)
        response = client.post(reverse("activities:approve-month"), {"month": "2026-12"})
        assert response.status_code == 302
        response = client.post(reverse("activities:approve", args=[december.pk]))
        matrix = page(client, reverse("activities:matrix") + "?year=2026")
    assert "Setujui semua 1 laporan terverifikasi bulan November 2026" in matrix
    assert "Desember 2026" not in matrix.split("Setujui laporan terverifikasi")[-1]
    assert dict(MonthlyReport.objects.values_list("month__month", "state")) == {
        11: "verified",
        12: "verified",
    }
    with at(datetime.date(2027, 1, 1), 0, 1):
        approved = services.reports_approve_month(
            month=datetime.date(2026, 12, 1), by=supervisor_user
        )
    assert [r.pk for r in approved] == [december.pk]
