"""Taking attendance: every invitee of a session on one form, saved at once."""

import functools
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.areas import is_office
from accounts.roles import RECORD_ATTENDANCE
from briefings import services
from briefings.forms import ATTENDANCE_ROWS_PER_PAGE, AttendanceFormSet
from briefings.models import AbsenceRequest, Attendance, Briefing, BriefingSession
from briefings.queries import invitees_page
from briefings.views.briefings import invited_count, session_totals
from briefings.views.checkin import checked_in_count
from registry.models import Facilitator

MARK_ALL = "mark_all"


@permission_required(RECORD_ATTENDANCE, raise_exception=True)
@never_cache
def briefing_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of a one-session briefing straight away; otherwise, which session?"""
    briefing = get_object_or_404(
        Briefing.objects.visible_to(request.user).prefetch_related("sessions"), pk=pk
    )
    sessions = list(briefing.sessions.all())
    if len(sessions) == 1:
        return _attendance_form(request, briefing, sessions[0])
    totals = session_totals(briefing, sessions, invited_count(briefing, request.user), request.user)
    for session in sessions:
        session.totals = totals[session.pk]
    return render(
        request,
        "briefings/attendance_sessions.html",
        {"briefing": briefing, "sessions": sessions},
    )


@permission_required(RECORD_ATTENDANCE, raise_exception=True)
@never_cache
def session_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = get_object_or_404(
        BriefingSession.objects.select_related("briefing"),
        pk=session_pk,
        briefing__in=Briefing.objects.visible_to(request.user).filter(pk=pk),
    )
    return _attendance_form(request, session.briefing, session)


def _attendance_form(request, briefing: Briefing, session: BriefingSession) -> HttpResponse:
    session.briefing = briefing
    # A briefing of a whole province can invite thousands: the form comes in pages,
    # each saved on its own (the form posts back to its own page).
    # An account limited to an area records those posted in its area that day.
    page = invitees_page(
        briefing, session.date, request.user, request.GET.get("page"), ATTENDANCE_ROWS_PER_PAGE
    )
    invitees = list(page.object_list)
    ids = [person.pk for person in invitees]
    # Unordered: the default ordering would join the sessions and facilitators for nothing.
    recorded = {
        a.facilitator_id: a
        for a in Attendance.objects.filter(session=session, facilitator__in=ids)
        .select_related("recorded_by")
        .order_by()
    }
    # Requests to be excused, each person's latest (a withdrawn one is no request):
    # waiting or accepted, the row comes pre-filled with the status asked for and
    # the reason (saving a waiting one so accepts it); refused, the row says so.
    pending = {
        r.facilitator_id: r
        for r in AbsenceRequest.objects.filter(session=session, facilitator__in=ids)
        .exclude(state=AbsenceRequest.State.WITHDRAWN)
        .order_by("submitted_at", "pk")
    }
    note_max = Attendance._meta.get_field("note").max_length
    fills = {AbsenceRequest.State.PENDING, AbsenceRequest.State.ACCEPTED}
    initial = []
    for person in invitees:
        attendance, request_ = recorded.get(person.pk), pending.get(person.pk)
        if attendance is None and request_ is not None and request_.state in fills:
            row = {"status": request_.kind, "note": request_.reason[:note_max]}
        else:
            row = {
                "status": getattr(attendance, "status", ""),
                "note": getattr(attendance, "note", ""),
            }
        initial.append({"facilitator": person.pk, **row})
    refusals = []
    if request.method != "POST":
        formset = AttendanceFormSet(initial=initial, prefix="rows")
    elif MARK_ALL in request.POST:
        # "Mark all present" without JavaScript: the same form back, every row
        # present and the notes kept; nothing is saved until Save.
        data = request.POST.copy()
        for key in list(data):
            if key.startswith("rows-") and key.endswith("-facilitator"):
                data[key.removesuffix("facilitator") + "status"] = Attendance.Status.PRESENT
        formset = AttendanceFormSet(data, prefix="rows")
        messages.info(request, _("Everyone is marked present. Change the exceptions, then save."))
    else:
        formset = AttendanceFormSet(request.POST, prefix="rows")
        if formset.is_valid():
            entries = [
                services.AttendanceEntry(
                    facilitator_id=row["facilitator"],
                    status=row["status"] or None,
                    note=row["note"].strip(),
                )
                for row in formset.cleaned_data
            ]
            try:
                result = services.attendance_record(
                    session=session, entries=entries, by=request.user
                )
            except ValidationError as error:
                refusals = error.messages
            else:
                _saved_message(request, session, result, entries)
                if page.has_next():
                    return redirect(f"{request.path}?page={page.next_page_number()}")
                return redirect(briefing)
    people = {person.pk: person for person in invitees}
    first = page.start_index()
    if formset.is_bound:
        rows = [
            _row(first + i, form, people, recorded, pending) for i, form in enumerate(formset.forms)
        ]
    else:
        # Nothing posted: the rows come straight from their values, without a form
        # each (the forms are for reading back what was posted).
        rows = [
            _initial_row(first + i, formset.add_prefix(i), values, people, recorded, pending)
            for i, values in enumerate(initial)
        ]
    now = timezone.now()
    return render(
        request,
        "briefings/attendance_form.html",
        {
            "briefing": briefing,
            "session": session,
            "formset": formset,
            # Read here: in the template, `formset.x` would try `formset["x"]` first,
            # and so build a form for every row.
            "management_form": formset.management_form,
            "non_form_errors": formset.non_form_errors(),
            "error_count": formset.total_error_count(),
            "page": page,
            "rows": rows,
            "note_max": note_max,
            "refusals": refusals,
            "started": session.is_open(now),
            "check_in_open": session.check_in_open(now),
            "checked_in": checked_in_count(session, request.user),
            "requests_waiting": sum(
                r.state == AbsenceRequest.State.PENDING for r in pending.values()
            ),
            "last_saved": Attendance.objects.visible_to(request.user)
            .filter(session=session)
            .select_related("recorded_by")
            .order_by("-recorded_at", "-pk")
            .first(),
            "of_area": not is_office(request.user),
        },
    )


# A row's status buttons, written out by `Row.choices` rather than by a widget or a
# loop in the template: a page of rows stays quick to render.
CHOICE = (
    '<label class="choice choice-{value}"><input type="radio" name="{prefix}-status" '
    'value="{value}"{checked}><span>{label}</span></label>'
)


@functools.cache
def _status_labels(language: str | None) -> tuple[tuple[str, str], ...]:
    """Each status's value and its label in the language, escaped."""
    return tuple((value, escape(str(label))) for value, label in Attendance.Status.choices)


@dataclass(frozen=True)
class Row:
    """What the template shows of one row, with the values as entered."""

    number: int  # on the whole list, page after page
    prefix: str
    facilitator: str
    status: str
    note: str
    person: Facilitator | None
    errors: list[str]
    attendance: Attendance | None = None  # as recorded: who, when, by check-in or not
    request: AbsenceRequest | None = None  # the latest request to be excused, if any

    def choices(self) -> str:
        """The row's status buttons, the one entered checked. Safe: the values are
        the statuses', the labels and the prefix escaped."""
        prefix = escape(self.prefix)
        return mark_safe(  # noqa: S308
            "".join(
                CHOICE.format(
                    value=value,
                    prefix=prefix,
                    checked=" checked" if value == self.status else "",
                    label=label,
                )
                for value, label in _status_labels(get_language())
            )
        )


def _row(number: int, form, people: dict[int, Facilitator], recorded: dict, pending: dict) -> Row:
    facilitator = form["facilitator"].value()
    try:
        person = people.get(int(facilitator))
    except (TypeError, ValueError):
        person = None
    key = person.pk if person else None
    errors = [message for field_errors in form.errors.values() for message in field_errors]
    return Row(
        number=number,
        prefix=form.prefix,
        facilitator="" if facilitator is None else str(facilitator),
        status=form["status"].value() or "",
        note=form["note"].value() or "",
        person=person,
        errors=errors,
        attendance=recorded.get(key),
        request=pending.get(key),
    )


def _initial_row(
    number: int, prefix: str, values: dict, people: dict, recorded: dict, pending: dict
) -> Row:
    key = values["facilitator"]
    return Row(
        number=number,
        prefix=prefix,
        facilitator=str(key),
        status=values["status"],
        note=values["note"],
        person=people[key],
        errors=[],
        attendance=recorded.get(key),
        request=pending.get(key),
    )


def _saved_message(request, session, result, entries) -> None:
    day = date_format(session.date, "j F Y")
    messages.success(
        request,
        _("Attendance of %(day)s saved: %(created)s new, %(changed)s corrected.")
        % {"day": day, "created": result.created, "changed": result.changed},
    )
    missing = sum(1 for entry in entries if entry.status is None)
    if missing:
        messages.warning(
            request,
            ngettext(
                "%(count)s invited facilitator has no attendance yet.",
                "%(count)s invited facilitators have no attendance yet.",
                missing,
            )
            % {"count": missing},
        )
