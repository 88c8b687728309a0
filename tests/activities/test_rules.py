"""The rules of the logbook and the report, called through the services."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from activities import services
from activities.models import ActivityEntry, MonthlyReport, ReportTransition
from assignments.factories import AssignmentFactory
from tests.activities.conftest import MARCH, log

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def submitted(facilitator, kind, month=MARCH):
    log(facilitator, month + datetime.timedelta(days=1), kind)
    report = services.report_save(
        facilitator=facilitator,
        month=month,
        problems="-",
        plan="-",
        summary="-",
        by=facilitator.user,
    )
    return services.report_submit(report=report, by=facilitator.user)


def test_an_entry_takes_the_kelurahan_of_the_posting_on_its_date(today, posting, kind):
    entry = log(posting.facilitator, datetime.date(2024, 3, 4), kind)
    assert entry.kelurahan == posting.kelurahan


def test_an_entry_on_a_day_without_a_posting_is_refused(today, facilitator, kind):
    AssignmentFactory(facilitator=facilitator, start_date=datetime.date(2024, 3, 10))
    with pytest.raises(ValidationError) as refused:
        log(facilitator, datetime.date(2024, 3, 9), kind)
    assert messages_of(refused.value) == [str(services.NOT_POSTED)]
    assert not ActivityEntry.objects.exists()


def test_an_entry_after_the_posting_ended_is_refused(today, facilitator, kind):
    AssignmentFactory(
        facilitator=facilitator,
        start_date=datetime.date(2023, 1, 2),
        end_date=datetime.date(2024, 3, 5),
    )
    log(facilitator, datetime.date(2024, 3, 5), kind)
    with pytest.raises(ValidationError):
        log(facilitator, datetime.date(2024, 3, 6), kind)
    assert ActivityEntry.objects.count() == 1


def test_an_entry_dated_tomorrow_is_refused(today, posting, kind):
    with pytest.raises(ValidationError) as refused:
        log(posting.facilitator, datetime.date(2024, 4, 2), kind)
    assert messages_of(refused.value) == [str(services.IN_THE_FUTURE)]


def test_nobody_logs_work_for_another_facilitator(today, posting, other_facilitator, kind):
    with pytest.raises(PermissionDenied):
        services.entry_create(
            facilitator=posting.facilitator,
            date=datetime.date(2024, 3, 4),
            kind=kind,
            accompanied="LPM",
            description="Palsu",
            by=other_facilitator.user,
        )
    assert not ActivityEntry.objects.exists()


def test_a_report_without_finished_entries_cannot_be_submitted(today, posting, kind):
    facilitator = posting.facilitator
    log(facilitator, datetime.date(2024, 3, 4), kind, draft=True)
    report = services.report_save(
        facilitator=facilitator, month=MARCH, problems="", plan="", summary="", by=facilitator.user
    )
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, by=facilitator.user)
    assert messages_of(refused.value) == [str(services.NO_ENTRIES)]
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.DRAFT


def test_after_submitting_the_month_cannot_be_changed(today, posting, kind):
    facilitator = posting.facilitator
    report = submitted(facilitator, kind)
    entry = ActivityEntry.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.entry_update(entry=entry, description="diubah", by=facilitator.user)
    assert messages_of(refused.value) == [str(services.MONTH_LOCKED)]
    with pytest.raises(ValidationError):
        log(facilitator, datetime.date(2024, 3, 8), kind)
    with pytest.raises(ValidationError):
        services.entry_delete(entry=entry, by=facilitator.user)
    with pytest.raises(ValidationError):
        services.report_save(
            facilitator=facilitator,
            month=MARCH,
            problems="x",
            plan="",
            summary="",
            by=facilitator.user,
        )
    entry.refresh_from_db()
    assert entry.description == "Rapat LPM tentang RKM"
    assert report.state == MonthlyReport.State.SUBMITTED


def test_a_returned_report_opens_the_month_again(today, posting, kind, staff_user):
    facilitator = posting.facilitator
    report = submitted(facilitator, kind)
    services.report_return(report=report, comment="Lengkapi foto", by=staff_user)
    entry = ActivityEntry.objects.get()
    services.entry_update(entry=entry, description="Rapat LPM (lengkap)", by=facilitator.user)
    report = services.report_submit(report=report, by=facilitator.user)
    assert report.state == MonthlyReport.State.SUBMITTED
    assert list(report.transitions.values_list("from_state", "to_state", "comment")) == [
        ("draft", "submitted", ""),
        ("submitted", "returned", "Lengkapi foto"),
        ("returned", "submitted", ""),
    ]


def test_returning_needs_a_comment(today, posting, kind, staff_user):
    report = submitted(posting.facilitator, kind)
    with pytest.raises(ValidationError) as refused:
        services.report_return(report=report, comment="  ", by=staff_user)
    assert messages_of(refused.value) == [str(services.COMMENT_REQUIRED)]
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.SUBMITTED


def test_a_report_submitted_after_the_deadline_is_late(posting, kind):
    facilitator = posting.facilitator
    with time_machine.travel(datetime.datetime(2024, 3, 20, 3, tzinfo=datetime.UTC), tick=False):
        log(facilitator, datetime.date(2024, 2, 20), kind)
    with time_machine.travel(datetime.datetime(2024, 3, 5, 16, tzinfo=datetime.UTC), tick=False):
        # 23.00 WIB on 5 March: still on time for February.
        on_time = submitted(facilitator, kind, month=datetime.date(2024, 2, 1))
    with time_machine.travel(datetime.datetime(2024, 4, 5, 17, tzinfo=datetime.UTC), tick=False):
        # 00.00 WIB on 6 April: March is late.
        late = submitted(facilitator, kind, month=MARCH)
    assert (on_time.late, late.late) == (False, True)


def test_staff_cannot_approve_and_supervisors_cannot_verify(
    today, posting, kind, staff_user, supervisor_user
):
    report = submitted(posting.facilitator, kind)
    with pytest.raises(PermissionDenied):
        services.report_verify(report=report, by=supervisor_user)
    services.report_verify(report=report, by=staff_user)
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, by=staff_user)
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.VERIFIED


def test_an_approved_report_is_locked_for_everyone(
    today, posting, kind, staff_user, supervisor_user, administrator
):
    facilitator = posting.facilitator
    report = submitted(facilitator, kind)
    services.report_verify(report=report, by=staff_user)
    services.report_approve(report=report, by=supervisor_user)
    for attempt in [
        lambda: services.report_return(report=report, comment="lagi", by=administrator),
        lambda: services.report_verify(report=report, by=administrator),
        lambda: services.report_approve(report=report, by=administrator),
        lambda: services.report_submit(report=report, by=facilitator.user),
        lambda: services.entry_update(
            entry=ActivityEntry.objects.get(), description="x", by=facilitator.user
        ),
    ]:
        with pytest.raises(ValidationError):
            attempt()
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.APPROVED
    assert ReportTransition.objects.count() == 3


def test_bulk_approval_approves_only_the_verified_reports(
    today, posting, kind, staff_user, supervisor_user
):
    verified = submitted(posting.facilitator, kind)
    services.report_verify(report=verified, by=staff_user)
    waiting = submitted(AssignmentFactory(facilitator__user=_user("b")).facilitator, kind)
    returned = submitted(AssignmentFactory(facilitator__user=_user("c")).facilitator, kind)
    services.report_return(report=returned, comment="perbaiki", by=staff_user)
    other_month = submitted(posting.facilitator, kind, month=datetime.date(2024, 2, 1))
    services.report_verify(report=other_month, by=staff_user)

    approved = services.reports_approve_month(month=MARCH, by=supervisor_user)

    assert [report.pk for report in approved] == [verified.pk]
    states = dict(MonthlyReport.objects.values_list("pk", "state"))
    assert states == {
        verified.pk: "approved",
        waiting.pk: "submitted",
        returned.pk: "returned",
        other_month.pk: "verified",
    }


def _user(name):
    from tests.conftest import make_user

    return make_user(f"faskel.{name}", "Fasilitator")
