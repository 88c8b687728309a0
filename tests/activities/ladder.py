"""A facilitator's month of work for the permission ladder and the own-data test."""

import datetime

from django.utils import timezone

from accounts import roles
from activities import services
from activities.models import ActivityKind, Attachment, MonthlyReport
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from tests.activities.conftest import upload
from tests.conftest import make_user


def last_day_of_a_month_over(facilitator) -> datetime.date:
    """The last day of a month that is over, so its report can be submitted, verified
    and approved today: last month, or an earlier one where the facilitator already
    sent last month's report (the demo's have), made elsewhere than here."""
    day = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    while (
        MonthlyReport.objects.filter(facilitator=facilitator, month=day.replace(day=1))
        .exclude(state=MonthlyReport.State.DRAFT)
        .exclude(problems=f"Masalah {facilitator.name}")
        .exists()
    ):
        day = day.replace(day=1) - datetime.timedelta(days=1)
    return day


def work_of(facilitator) -> dict:
    """An entry with a photo, and a past month's report submitted (made once, found
    again after: the month is closed once submitted)."""
    today = last_day_of_a_month_over(facilitator)
    report = MonthlyReport.objects.filter(
        facilitator=facilitator, month=today.replace(day=1), state=MonthlyReport.State.SUBMITTED
    ).first()
    attachment = (
        Attachment.objects.filter(entry__facilitator=facilitator, entry__date=today)
        .select_related("entry")
        .order_by("pk")
        .first()
    )
    if report is not None and attachment is not None:
        return {"entry": attachment.entry, "attachment": attachment, "report": report}
    if facilitator.user is None:
        facilitator.user = make_user(f"faskel.{facilitator.pk}", roles.FACILITATOR)
        facilitator.save(update_fields=["user"])
    if not Assignment.objects.on(today).filter(facilitator=facilitator).exists():
        AssignmentFactory(facilitator=facilitator, start_date=datetime.date(2019, 1, 2))
    entry = services.entry_create(
        facilitator=facilitator,
        date=today,
        # The kinds a migration seeds are gone after a transactional test's flush.
        kind=ActivityKind.objects.get_or_create(name="Rapat/musyawarah")[0],
        accompanied="BKM",
        description=f"Catatan kegiatan {facilitator.name}",
        is_draft=False,
        by=facilitator.user,
    )
    attachment = services.attachment_add(entry=entry, upload=upload(), by=facilitator.user)
    report = services.report_save(
        facilitator=facilitator,
        month=today.replace(day=1),
        problems=f"Masalah {facilitator.name}",
        plan="",
        summary="",
        by=facilitator.user,
    )
    services.report_submit(report=report, by=facilitator.user)
    return {"entry": entry, "attachment": attachment, "report": report}


def url_kwargs(name: str, work: dict) -> dict | None:
    month = work["report"].month
    return {
        "activities:entry-update": {"pk": work["entry"].pk},
        "activities:entry-delete": {"pk": work["entry"].pk},
        "activities:attachment-delete": {"pk": work["attachment"].pk},
        "activities:attachment": {"pk": work["attachment"].pk},
        "activities:my-report": {"year": month.year, "month": month.month},
        "activities:review": {"pk": work["report"].pk},
        "activities:return": {"pk": work["report"].pk},
        "activities:verify": {"pk": work["report"].pk},
        "activities:approve": {"pk": work["report"].pk},
        "activities:document": {"pk": work["report"].pk},
        "activities:document-pdf": {"pk": work["report"].pk},
        "activities:facilitator-open-month": {"pk": work["entry"].facilitator_id},
    }.get(name)


def open_work_of(facilitator) -> dict:
    """An entry with a photo in a month whose report is not submitted: still editable."""
    today = timezone.localdate()
    if not Assignment.objects.on(today).filter(facilitator=facilitator).exists():
        AssignmentFactory(facilitator=facilitator, start_date=datetime.date(2019, 1, 2))
    entry = services.entry_create(
        facilitator=facilitator,
        date=today,
        # The kinds a migration seeds are gone after a transactional test's flush.
        kind=ActivityKind.objects.get_or_create(name="Rapat/musyawarah")[0],
        accompanied="LPM",
        description="Rapat pengurus",
        is_draft=True,
        by=facilitator.user,
    )
    attachment = services.attachment_add(entry=entry, upload=upload(), by=facilitator.user)
    return {"entry": entry, "attachment": attachment}


def hostile_url(name: str, posting) -> str:
    """The URL of an activities form for the hostile-input test: the facilitator's own
    open entry, or a submitted report of the posted facilitator for the office's forms."""
    from django.urls import reverse

    from registry.models import Facilitator

    def own():
        return Facilitator.objects.get(user__username="ahmad.faskel")

    today = timezone.localdate()
    if name in {"activities:entry-update", "activities:entry-delete"}:
        return reverse(name, args=[open_work_of(own())["entry"].pk])
    if name == "activities:attachment-delete":
        return reverse(name, args=[open_work_of(own())["attachment"].pk])
    if name == "activities:my-report":
        return reverse(name, args=[today.year, today.month])
    if name in {"activities:return", "activities:verify", "activities:approve"}:
        return reverse(name, args=[work_of(posting.facilitator)["report"].pk])
    if name == "activities:facilitator-open-month":
        return reverse(name, args=[posting.facilitator.pk])
    return reverse(name)
