"""Every write of the logbook and the monthly report, one function each.

Each is one transaction, validates with full_clean(), records the acting user
and sends mail only after the transaction commits. A refusal is a
ValidationError with one of the messages below, which the tests reuse.

The rules:
- an entry is in the kelurahan of the facilitator's posting on its date
  (Assignment.objects.on(day)); not posted that day, no entry;
- no entry dated after today;
- a month's entries and report change only while its report is a draft or
  returned; an approved report is locked for everyone;
- a month older than `ReportingSettings.open_months`, or before the
  facilitator's first posting, is closed for logging (`logging_refusal`);
  staff of the area open an old one for late entry, with a reason
  (`month_open`); a returned report is open again whatever its age;
- a report is submitted from its month's last day (or a few days earlier,
  `ReportingSettings.submit_days_early`) with at least one finished entry;
  staff return it (with a comment) or verify it; a supervisor approves a
  verified one; verified and approved only once the month is over
  (`models.month_is_over`, the one rule);
- an account limited to an area decides only on the reports of its area
  (`MonthlyReport.objects.visible_to`).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.areas import is_office
from accounts.roles import APPROVE_REPORTS, VERIFY_REPORTS
from activities import mail
from activities.files import clean_upload
from activities.models import (
    ActivityEntry,
    ActivityKind,
    Attachment,
    MonthlyReport,
    MonthOpening,
    ReportingSettings,
    ReportTransition,
    month_end,
    month_is_over,
    month_start,
)
from assignments.models import Assignment
from assignments.selectors import posted_in_area_during_month
from registry.models import Facilitator

NOT_POSTED = _("You were not posted to a kelurahan on this date: no activity can be logged there.")
IN_THE_FUTURE = _("An activity is logged on or after its day, not before.")
MONTH_LOCKED = _(
    "The report of this month has been submitted: its activities and texts can no longer "
    "be changed unless it is returned."
)
NO_ENTRIES = _("The report has no finished activities: log at least one before submitting.")
NOT_SUBMITTED = _("Only a submitted report can be verified or returned.")
COMMENT_REQUIRED = _("Say what needs to change: a returned report needs a comment.")
NOT_VERIFIED = _("Only a verified report can be approved.")
APPROVED_LOCKED = _("This report is approved and locked.")
NOT_ALLOWED = _("You may not do this.")
WRONG_STATE = _("The report cannot be submitted in its present state.")
SUBMIT_FROM = _("The report of this month can be submitted from %(day)s.")
MONTH_NOT_OVER = _(
    "%(month)s is not over yet: its reports can be verified and approved from %(day)s."
)
MONTH_CLOSED = _(
    "%(month)s is closed for logging: only the last %(count)s months stay open. "
    "DPMPPA staff or your area coordinator can open it for late entry, with a reason."
)
BEFORE_FIRST_POSTING = _(
    "You were not posted to a kelurahan yet in %(month)s: it has no activities or report."
)
NOT_CLOSED = _("%(month)s is still open for logging: there is nothing to open.")
NOT_POSTED_IN_MONTH = _("The facilitator was not yet posted in %(month)s.")
REASON_REQUIRED = _("Say why the month is opened: the reason is kept in the report's history.")


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _month_name(month: datetime.date) -> str:
    return formats.date_format(month, "F Y")


def posting_kelurahan(facilitator: Facilitator, day: datetime.date):
    posting = (
        Assignment.objects.on(day)
        .filter(facilitator=facilitator)
        .select_related("kelurahan")
        .first()
    )
    return posting.kelurahan if posting else None


def _report_of(facilitator: Facilitator, month: datetime.date, *, lock: bool = False):
    reports = MonthlyReport.objects.filter(facilitator=facilitator, month=month)
    if lock:
        reports = reports.select_for_update()
    return reports.first()


def first_posting_month(facilitator: Facilitator) -> datetime.date | None:
    start = (
        Assignment.objects.filter(facilitator=facilitator)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    return month_start(start) if start else None


def logging_refusal(
    *,
    facilitator: Facilitator,
    month: datetime.date,
    today: datetime.date,
    report: MonthlyReport | None = None,
) -> str | None:
    """Why the facilitator can no longer log or report on the month, or None.

    Before the first posting a month has nothing to log. A month older than
    `ReportingSettings.open_months` is closed unless staff opened it
    (`MonthOpening`) or returned its report."""
    first = first_posting_month(facilitator)
    if first is None or month < first:
        return BEFORE_FIRST_POSTING % {"month": _month_name(month)}
    settings = ReportingSettings.load()
    if month >= settings.oldest_open_month(today):
        return None
    if report is not None and report.state == MonthlyReport.State.RETURNED:
        return None
    if MonthOpening.objects.filter(facilitator=facilitator, month=month).exists():
        return None
    return MONTH_CLOSED % {"month": _month_name(month), "count": settings.open_months}


def _check_month_open(facilitator: Facilitator, day: datetime.date) -> None:
    report = _report_of(facilitator, month_start(day), lock=True)
    if report is not None and not report.editable:
        raise ValidationError(APPROVED_LOCKED if report.state == "approved" else MONTH_LOCKED)
    refusal = logging_refusal(
        facilitator=facilitator, month=month_start(day), today=timezone.localdate(), report=report
    )
    if refusal:
        raise ValidationError(refusal)


def _own(facilitator: Facilitator, by) -> None:
    if facilitator.user_id is None or facilitator.user_id != by.pk:
        raise PermissionDenied(NOT_ALLOWED)


# Entries ---------------------------------------------------------------------


@transaction.atomic
def entry_create(
    *,
    facilitator: Facilitator,
    date: datetime.date,
    kind: ActivityKind,
    accompanied: str,
    description: str,
    accompanied_detail: str = "",
    result: str = "",
    participants: int = 0,
    hours: Decimal = Decimal(0),
    is_draft: bool = True,
    by,
) -> ActivityEntry:
    _own(facilitator, by)
    entry = ActivityEntry(
        facilitator=facilitator,
        date=date,
        kind=kind,
        accompanied=accompanied,
        accompanied_detail=accompanied_detail,
        description=description,
        result=result,
        participants=participants,
        hours=hours,
        is_draft=is_draft,
    )
    _place(entry)
    entry.full_clean()
    entry.save()
    return entry


def _place(entry: ActivityEntry) -> None:
    if entry.date > timezone.localdate():
        raise ValidationError({"date": IN_THE_FUTURE})
    kelurahan = posting_kelurahan(entry.facilitator, entry.date)
    if kelurahan is None:
        raise ValidationError({"date": NOT_POSTED})
    entry.kelurahan = kelurahan
    _check_month_open(entry.facilitator, entry.date)


ENTRY_FIELDS = [
    "date",
    "kind",
    "accompanied",
    "accompanied_detail",
    "description",
    "result",
    "participants",
    "hours",
    "is_draft",
]


@transaction.atomic
def entry_update(*, entry: ActivityEntry, by, **changes) -> ActivityEntry:
    _own(entry.facilitator, by)
    # The month it leaves must be open as well as the month it goes to.
    _check_month_open(entry.facilitator, entry.date)
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"entry_update() got unexpected fields {sorted(unknown)}")
    for name, value in changes.items():
        setattr(entry, name, value)
    _place(entry)
    entry.full_clean()
    entry.save(update_fields=[*changes, "kelurahan", "updated_at"])
    return entry


@transaction.atomic
def entry_delete(*, entry: ActivityEntry, by) -> None:
    _own(entry.facilitator, by)
    _check_month_open(entry.facilitator, entry.date)
    files = [attachment.file.name for attachment in entry.attachments.all()]
    entry.delete()
    _delete_files_on_commit(files)


def _delete_files_on_commit(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def attachment_add(*, entry: ActivityEntry, upload, caption: str = "", by) -> Attachment:
    _own(entry.facilitator, by)
    _check_month_open(entry.facilitator, entry.date)
    clean = clean_upload(upload)
    attachment = Attachment(
        entry=entry,
        kind=clean.kind,
        content_type=clean.content_type,
        size=clean.content.size,
        width=clean.width,
        height=clean.height,
        taken_at=clean.taken_at,
        caption=caption,
        original_name=(upload.name or "")[:200],
        uploaded_by=by,
    )
    attachment.file.save("upload", clean.content, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        # Nothing refers to the stored file: it goes with the refused row.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def attachments_add(*, entry: ActivityEntry, uploads: list, caption: str = "", by) -> list:
    """Several files at once, all or none: one refused, and the files already stored
    of this call are removed with their rows. Call it last in an enclosing
    transaction, so nothing after it can roll its rows back and leave files behind."""
    added = []
    try:
        for upload in uploads:
            try:
                added.append(attachment_add(entry=entry, upload=upload, caption=caption, by=by))
            except ValidationError as error:
                # Say which of the files it was.
                raise ValidationError(
                    f"{upload.name}: {' '.join(error.messages)}",
                    code=getattr(error, "code", None),
                ) from error
    except BaseException:
        for attachment in added:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return added


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    entry = attachment.entry
    _own(entry.facilitator, by)
    _check_month_open(entry.facilitator, entry.date)
    name = attachment.file.name
    attachment.delete()
    _delete_files_on_commit([name])


# The monthly report ------------------------------------------------------------


@transaction.atomic
def report_save(
    *,
    facilitator: Facilitator,
    month: datetime.date,
    problems: str,
    plan: str,
    summary: str,
    by,
) -> MonthlyReport:
    """The facilitator's texts of a month's report; creates the draft when there is none."""
    _own(facilitator, by)
    report = _report_of(facilitator, month, lock=True)
    if report is None:
        report = MonthlyReport(facilitator=facilitator, month=month)
    elif not report.editable:
        raise ValidationError(APPROVED_LOCKED if report.state == "approved" else MONTH_LOCKED)
    refusal = logging_refusal(
        facilitator=facilitator, month=month, today=timezone.localdate(), report=report
    )
    if refusal:
        raise ValidationError(refusal)
    report.problems, report.plan, report.summary = problems, plan, summary
    report.full_clean()
    report.save()
    return report


def _transition(report: MonthlyReport, to_state: str, *, by, comment: str = "") -> None:
    ReportTransition.objects.create(
        report=report, from_state=report.state, to_state=to_state, by=by, comment=comment
    )
    report.state = to_state


def _locked(report: MonthlyReport) -> MonthlyReport:
    return MonthlyReport.objects.select_for_update().get(pk=report.pk)


@transaction.atomic
def report_submit(*, report: MonthlyReport, by) -> MonthlyReport:
    _own(report.facilitator, by)
    report = _locked(report)
    if not report.editable:
        raise ValidationError(WRONG_STATE)
    now = timezone.now()
    today = timezone.localdate(now)
    settings = ReportingSettings.load()
    opens = settings.submission_opens(report.month)
    if today < opens:
        raise ValidationError(SUBMIT_FROM % {"day": _day(opens)})
    refusal = logging_refusal(
        facilitator=report.facilitator, month=report.month, today=today, report=report
    )
    if refusal:
        raise ValidationError(refusal)
    if not report.entries().exists():
        raise ValidationError(NO_ENTRIES)
    if report.submitted_at is None:
        # Late is decided by the first submission: a returned report resubmitted stays as it was.
        report.late = today > settings.deadline_of(report.month)
    report.submitted_at = report.submitted_at or now
    report.kelurahan = _kelurahan_of_month(report)
    _transition(report, MonthlyReport.State.SUBMITTED, by=by)
    report.full_clean()
    report.save()
    return report


def _kelurahan_of_month(report: MonthlyReport):
    day = min(month_end(report.month), timezone.localdate())
    kelurahan = posting_kelurahan(report.facilitator, day)
    if kelurahan is None:
        last = report.entries().order_by("-date").select_related("kelurahan").first()
        kelurahan = last.kelurahan if last else None
    return kelurahan


def check_month_over(month: datetime.date, *, today: datetime.date) -> None:
    """Verifying and approving wait until the month is over (`month_is_over`)."""
    if not month_is_over(month, today=today):
        raise ValidationError(
            MONTH_NOT_OVER
            % {
                "month": _month_name(month),
                "day": _day(month_end(month) + datetime.timedelta(days=1)),
            }
        )


def _reviewing(report: MonthlyReport, by, permission: str) -> MonthlyReport:
    if not by.has_perm(permission):
        raise PermissionDenied(NOT_ALLOWED)
    area_reports = MonthlyReport.objects.visible_to(by)
    if not is_office(by) and not area_reports.filter(pk=report.pk).exists():
        raise PermissionDenied(NOT_ALLOWED)
    report = _locked(report)
    if report.state == MonthlyReport.State.APPROVED:
        raise ValidationError(APPROVED_LOCKED)
    return report


@transaction.atomic
def report_return(*, report: MonthlyReport, comment: str, by) -> MonthlyReport:
    report = _reviewing(report, by, VERIFY_REPORTS)
    if report.state != MonthlyReport.State.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    if not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    _transition(report, MonthlyReport.State.RETURNED, by=by, comment=comment.strip())
    report.save(update_fields=["state", "updated_at"])
    mail.report_changed_on_commit(report, comment=comment.strip())
    return report


@transaction.atomic
def report_verify(*, report: MonthlyReport, by, comment: str = "") -> MonthlyReport:
    report = _reviewing(report, by, VERIFY_REPORTS)
    if report.state != MonthlyReport.State.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    check_month_over(report.month, today=timezone.localdate())
    _transition(report, MonthlyReport.State.VERIFIED, by=by, comment=comment.strip())
    report.verified_by, report.verified_at = by, timezone.now()
    report.save(update_fields=["state", "verified_by", "verified_at", "updated_at"])
    mail.report_changed_on_commit(report, comment=comment.strip())
    return report


@transaction.atomic
def report_approve(*, report: MonthlyReport, by) -> MonthlyReport:
    report = _reviewing(report, by, APPROVE_REPORTS)
    if report.state != MonthlyReport.State.VERIFIED:
        raise ValidationError(NOT_VERIFIED)
    check_month_over(report.month, today=timezone.localdate())
    _transition(report, MonthlyReport.State.APPROVED, by=by)
    report.approved_by, report.approved_at = by, timezone.now()
    report.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    mail.report_changed_on_commit(report)
    return report


@transaction.atomic
def reports_approve_month(*, month: datetime.date, by) -> list[MonthlyReport]:
    """Approves every verified report of the month, and only those."""
    if not by.has_perm(APPROVE_REPORTS):
        raise PermissionDenied(NOT_ALLOWED)
    check_month_over(month, today=timezone.localdate())
    verified = (
        MonthlyReport.objects.visible_to(by)
        .select_for_update()
        .filter(month=month, state=MonthlyReport.State.VERIFIED)
        .order_by("pk")
    )
    return [report_approve(report=report, by=by) for report in verified]


# Months closed for logging ------------------------------------------------------


@transaction.atomic
def month_open(*, facilitator: Facilitator, month: datetime.date, reason: str, by) -> MonthOpening:
    """Opens a month closed for logging to one facilitator, for late entry: staff
    who verify reports, of the facilitator's area in that month."""
    if not by.has_perm(VERIFY_REPORTS):
        raise PermissionDenied(NOT_ALLOWED)
    month = month_start(month)
    in_area = Facilitator.objects.filter(pk=facilitator.pk).filter(
        posted_in_area_during_month(by, month)
    )
    if not is_office(by) and not in_area.exists():
        raise PermissionDenied(NOT_ALLOWED)
    first = first_posting_month(facilitator)
    if first is None or month < first:
        raise ValidationError({"month": NOT_POSTED_IN_MONTH % {"month": _month_name(month)}})
    if month >= ReportingSettings.load().oldest_open_month(timezone.localdate()):
        raise ValidationError({"month": NOT_CLOSED % {"month": _month_name(month)}})
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    opening = MonthOpening(
        facilitator=facilitator, month=month, reason=reason.strip(), opened_by=by
    )
    opening.full_clean()
    opening.save()
    return opening
