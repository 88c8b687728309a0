"""Reminders of the monthly report, through the outbox (outbox.services).

A month's reminders start on its last day, the first day its report can be sent
(the month rule: `month_is_over` on the next day). The facilitator whose report
of the month is missing, a draft or returned hears of it three days before the
deadline (not before the month's last day), on the deadline and once after it;
each reminder says what their report needs. On the deadline and after it, each
account that checks reports (the office's staff, an area's coordinator) gets a
digest of the facilitators of its area whose report is still not in. Each goes
out once; what could not be sent waits on the dashboard and is tried again by
the next run, unless it no longer holds (the report came in meanwhile).
"""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import VERIFY_REPORTS
from activities.models import (
    MonthlyReport,
    ReportingSettings,
    ReportTransition,
    month_is_over,
    month_start,
)
from activities.selectors import SUBMITTED_STATES, facilitators_to_remind
from assignments.selectors import posted_in_area_during_month
from outbox.models import Reminder
from outbox.services import Letter, Outcome, absolute_url, reminder_plan, reminders_deliver

DAYS_BEFORE = 3
STAGES = [Reminder.Stage.BEFORE, Reminder.Stage.DUE, Reminder.Stage.OVERDUE]
# Staff and coordinators hear once the deadline has come.
DIGEST_STAGES = {Reminder.Stage.DUE, Reminder.Stage.OVERDUE}
KINDS = [Reminder.Kind.REPORT, Reminder.Kind.REPORT_DIGEST]
# Mail speaks Indonesian, like the printed reports.
MAIL_LANGUAGE = "id"
MISSING = "missing"
SUBMITTED = "submitted"


def stage_on(month: datetime.date, *, today: datetime.date, deadline: datetime.date) -> str | None:
    """The reminder stage of a month's report on the day, None when none is due."""
    if not month_is_over(month, today=today + datetime.timedelta(days=1)):
        return None  # before the month's last day its report cannot be sent
    if today > deadline:
        return Reminder.Stage.OVERDUE
    if today == deadline:
        return Reminder.Stage.DUE
    if today >= deadline - datetime.timedelta(days=DAYS_BEFORE):
        return Reminder.Stage.BEFORE
    return None


def months_on(today: datetime.date) -> list[datetime.date]:
    """The months whose reminders may be due: the last one, and this one on its last day."""
    this = month_start(today)
    return [month_start(this - datetime.timedelta(days=1)), this]


def reviewers():
    """The active accounts that check monthly reports (the office's staff, the
    areas' coordinators), each with its area."""
    app, codename = VERIFY_REPORTS.split(".")
    return (
        User.objects.filter(
            is_active=True,
            groups__permissions__content_type__app_label=app,
            groups__permissions__codename=codename,
        )
        .distinct()
        .order_by("username")
    )


def report_link(month: datetime.date) -> str:
    return reverse("activities:my-report", args=[month.year, month.month])


def matrix_link(month: datetime.date) -> str:
    return f"{reverse('activities:matrix')}?year={month.year}"


@transaction.atomic
def report_reminders_plan(*, today: datetime.date) -> list[Reminder]:
    """Plan the reminders due on the day (each key once); returns those planned now."""
    settings = ReportingSettings.load()
    planned = []
    for month in months_on(today):
        stage = stage_on(month, today=today, deadline=settings.deadline_of(month))
        if stage is None:
            continue
        earlier = STAGES[: STAGES.index(stage)]
        waiting = list(facilitators_to_remind(month, today=today))
        for facilitator in waiting:
            planned.append(
                reminder_plan(
                    kind=Reminder.Kind.REPORT,
                    facilitator=facilitator,
                    period=month,
                    stage=stage,
                    link=report_link(month),
                    supersedes=earlier,
                )
            )
        if stage not in DIGEST_STAGES or not waiting:
            continue
        pks = [facilitator.pk for facilitator in waiting]
        for user in reviewers():
            if not _of_area(user, month, pks).exists():
                continue
            planned.append(
                reminder_plan(
                    kind=Reminder.Kind.REPORT_DIGEST,
                    user=user,
                    period=month,
                    stage=stage,
                    link=matrix_link(month),
                    supersedes=earlier,
                )
            )
    return [reminder for reminder in planned if reminder is not None]


def report_reminders_deliver(*, today: datetime.date) -> list[Outcome]:
    """Send every unsent report reminder, as things stand on the day."""
    return reminders_deliver(kinds=KINDS, write=partial(write, today=today))


def _of_area(user, month: datetime.date, pks: list[int]):
    from registry.models import Facilitator

    return Facilitator.objects.filter(pk__in=pks).filter(posted_in_area_during_month(user, month))


def state_of(facilitator, month: datetime.date) -> tuple[str, str]:
    """(state, the reviewer's comment) of the facilitator's report of the month:
    missing, draft, returned (with the comment), or submitted (and beyond)."""
    report = MonthlyReport.objects.filter(facilitator=facilitator, month=month).first()
    if report is None:
        return MISSING, ""
    if report.state in SUBMITTED_STATES:
        return SUBMITTED, ""
    if report.state != MonthlyReport.State.RETURNED:
        return report.state, ""
    last = (
        ReportTransition.objects.filter(report=report, to_state=MonthlyReport.State.RETURNED)
        .order_by("-at", "-pk")
        .first()
    )
    return report.state, last.comment if last else ""


def write(reminder: Reminder, *, today: datetime.date) -> Letter:
    month = reminder.period
    context = {
        "month": month,
        "deadline": ReportingSettings.load().deadline_of(month),
        "stage": reminder.stage,
        "link": absolute_url(reminder.link),
    }
    if reminder.kind == Reminder.Kind.REPORT:
        facilitator = reminder.facilitator
        state, comment = state_of(facilitator, month)
        if state == SUBMITTED:
            return Letter(dropped="the report was submitted")
        context |= {"facilitator": facilitator, "state": state, "comment": comment}
        address = facilitator.mail_address
        return _letter("activities/mail/reminder", context, [address] if address else [])
    user = reminder.user
    waiting = facilitators_to_remind(month, today=today).filter(
        Q(posted_in_area_during_month(user, month))
    )
    rows = [(facilitator, state_of(facilitator, month)[0]) for facilitator in waiting]
    if not rows:
        return Letter(dropped="every report of the area came in")
    context |= {"user": user, "rows": rows}
    recipients = [user.email] if user.email and user.is_active else []
    return _letter("activities/mail/digest", context, recipients)


def _letter(template: str, context: dict, recipients: list[str]) -> Letter:
    with translation.override(MAIL_LANGUAGE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return Letter(subject=subject, body=body, recipients=recipients)
