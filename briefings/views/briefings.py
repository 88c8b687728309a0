"""Briefings: the list, one briefing with its totals, and the plan form."""

from collections import Counter
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.forms import all_valid
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.areas import is_office, office_only
from accounts.roles import MANAGE_BRIEFINGS, RECORD_ATTENDANCE, VIEW_BRIEFINGS
from audit.changes import HISTORY_ON_PAGE
from briefings import services
from briefings.forms import (
    SPEAKER_INSTITUTIONS,
    BriefingForm,
    RowsFormSet,
    session_formset,
    speaker_formset,
)
from briefings.history import briefing_history
from briefings.models import Attendance, AttendanceTotals, Briefing, invitations_visible_to
from briefings.queries import invitees_page
from briefings.selectors import absence_requests_of

PAGE_SIZE = 25
INVITEES_PER_PAGE = 50


@permission_required(VIEW_BRIEFINGS, raise_exception=True)
def briefing_list(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.visible_to(request.user).for_list(request.user)
    page = Paginator(briefings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "briefings/briefing_list.html",
        {
            "page": page,
            "can_manage": request.user.has_perm("briefings.add_briefing")
            and is_office(request.user),
        },
    )


@permission_required(VIEW_BRIEFINGS, raise_exception=True)
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The briefing, its totals per session, and its invitees page by page (a briefing
    may invite tens of thousands: the page shows a page of them at a time)."""
    user = request.user
    briefing = get_object_or_404(
        Briefing.objects.visible_to(user).prefetch_related("speakers"), pk=pk
    )
    visible = Attendance.objects.visible_to(user)
    latest = visible.filter(session=OuterRef("pk")).order_by("-recorded_at", "-pk")
    sessions = list(
        briefing.sessions.select_related("briefing").annotate(
            last_saved_pk=Subquery(latest.values("pk")[:1])
        )
    )
    first_day = sessions[0].date if sessions else None
    page = invitees_page(briefing, first_day, user, request.GET.get("page"), INVITEES_PER_PAGE)
    invitees = list(page.object_list)
    # Unordered: the default ordering would join the sessions and facilitators for nothing.
    records = (
        visible.filter(
            Q(session__in=sessions, facilitator__in=[person.pk for person in invitees])
            | Q(pk__in=[session.last_saved_pk for session in sessions if session.last_saved_pk])
        )
        .select_related("recorded_by")
        .order_by()
    )
    by_pair = {(a.facilitator_id, a.session_id): a for a in records}
    by_pk = {a.pk: a for a in by_pair.values()}

    totals = session_totals(briefing, sessions, page.paginator.count, user)
    for number, session in enumerate(sessions, start=1):
        session.key = f"session-{number}"
        session.day_label = date_format(session.date, "j M Y")
        session.totals = totals[session.pk]
        session.last_saved = by_pk.get(session.last_saved_pk)
    labels = {value: str(label) for value, label in Attendance.Status.choices}
    for number, person in enumerate(invitees, start=page.start_index()):
        person.number = number
        person.cells = [
            _cell(session.day_label, by_pair.get((person.pk, session.pk)), labels)
            for session in sessions
        ]
    office = is_office(user)
    return render(
        request,
        "briefings/briefing_detail.html",
        {
            "briefing": briefing,
            "sessions": sessions,
            "overall": sum(totals.values(), AttendanceTotals(expected=0)),
            "invitees": invitees,
            "page": page,
            "can_manage": user.has_perm(MANAGE_BRIEFINGS) and office,
            "can_record": user.has_perm(RECORD_ATTENDANCE),
            "office": office,
            # Totals and lists cover the user's area: the page says so.
            "of_area": not office,
            "absence_requests": absence_requests_of(briefing, user),
            "history_entries": briefing_history(briefing, user, limit=HISTORY_ON_PAGE),
            "history_url": reverse("audit:briefing-history", args=[briefing.pk]),
        },
    )


@dataclass(frozen=True)
class Cell:
    """An invitee's attendance at a session, as the detail page's table shows it."""

    day_label: str
    status: str = ""  # empty: not recorded
    label: str = ""
    note: str = ""


def _cell(day_label: str, attendance: Attendance | None, labels: dict[str, str]) -> Cell:
    if attendance is None:
        return Cell(day_label)
    return Cell(day_label, attendance.status, labels[attendance.status], attendance.note)


def session_totals(briefing: Briefing, sessions, invited: int, user) -> dict[int, AttendanceTotals]:
    """{session id: totals} over the attendance the user may see; every invitee
    (of those the user may see) is expected at every session."""
    attendance = Attendance.objects.visible_to(user).filter(session__briefing=briefing)
    counts = attendance.counts_by_session()
    return {
        session.pk: AttendanceTotals.of(counts.get(session.pk, Counter()), invited)
        for session in sessions
    }


@permission_required("briefings.add_briefing", raise_exception=True)
@office_only  # a briefing invites from the whole register
def briefing_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    briefing = Briefing()
    form = BriefingForm(data, instance=briefing)
    sessions = session_formset(data, briefing, new=True)
    speakers = speaker_formset(data, briefing, new=True)
    if data is not None and all_valid([form, sessions, speakers]):
        try:
            briefing = services.briefing_create(
                briefing=form.save(commit=False),
                sessions=[f.instance for f in sessions.kept_forms()],
                speakers=[f.instance for f in speakers.kept_forms()],
                # Everyone active on the first day, or nobody until the invitees page.
                invitees=None if form.cleaned_data["invite_everyone"] else [],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Briefing “%(title)s” planned.") % {"title": briefing})
            return redirect(briefing)
    return _form_page(request, form, sessions, speakers)


@permission_required(MANAGE_BRIEFINGS, raise_exception=True)
@office_only
def briefing_update(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(Briefing, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = BriefingForm(data, instance=briefing)
    sessions = session_formset(data, briefing, new=False)
    speakers = speaker_formset(data, briefing, new=False)
    if data is not None and all_valid([form, sessions, speakers]):
        try:
            services.briefing_update(
                briefing=form.instance,
                fields=form.changed_model_fields,
                edits=_edits(sessions) + _edits(speakers),
                removed_sessions=sessions.removed(),
                removed_speakers=speakers.removed(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Changes to “%(title)s” saved.") % {"title": briefing})
            return redirect(briefing)
    return _form_page(request, form, sessions, speakers, briefing=briefing)


def _edits(formset: RowsFormSet) -> list[services.Edit]:
    return [
        services.Edit(form.instance, form.changed_model_fields if form.instance.pk else None)
        for form in formset.kept_forms()
    ]


def _form_page(request, form, sessions, speakers, briefing=None) -> HttpResponse:
    # The first session row is always shown; the further rows of a bimtek wait
    # folded below it, and unfold when the form comes back with one filled in.
    shown = max(sessions.initial_form_count(), 1)
    more_sessions = sessions.forms[shown:]
    return render(
        request,
        "briefings/briefing_form.html",
        {
            "form": form,
            "sessions": sessions,
            "first_sessions": sessions.forms[:shown],
            "more_sessions": more_sessions,
            "more_sessions_open": any(f.is_bound and f.has_changed() for f in more_sessions),
            "speakers": speakers,
            "institutions": SPEAKER_INSTITUTIONS,
            "briefing": briefing,
        },
    )


def invited_count(briefing: Briefing, user) -> int:
    """How many the briefing invited, of those the user may see."""
    return invitations_visible_to(user).filter(briefing=briefing).count()
