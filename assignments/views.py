"""The roster and the posting workflow: post, move, swap, release.

Each workflow is a form, a confirmation page, then one call to the posting
services; a refusal comes back as a message on the form.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy

from accounts.areas import OFFICE_ONLY, area_of, is_office
from accounts.roles import MANAGE_POSTINGS, VIEW_REGISTER
from assignments import services
from assignments.forms import (
    CancelForm,
    CancelReleaseForm,
    DeactivateForm,
    MoveForm,
    PostForm,
    ReactivateForm,
    ReleaseForm,
    SwapForm,
)
from assignments.reports import AsOfForm
from assignments.selectors import (
    by_kecamatan,
    coverage,
    in_reserve,
    register_version,
    with_postings_ahead,
    without_facilitator,
)
from registry.forms import KelurahanFilterForm
from registry.models import Kelurahan

KELURAHAN_PAGE_SIZE = 50
RESERVE_SHOWN = 20


def kelurahan_page(request: HttpRequest, day: datetime.date) -> dict:
    """One page of kelurahan, searched and grouped by kecamatan, with the posting
    in force on the day and those scheduled: what the kelurahan list and the
    roster show."""
    form = KelurahanFilterForm(request.GET)
    # Codes begin with the kecamatan's.
    kelurahan = Kelurahan.objects.visible_to(request.user).order_by("code")
    if form.is_valid():
        kelurahan = kelurahan.search(form.cleaned_data["q"])
        if form.cleaned_data["uncovered"]:
            kelurahan = without_facilitator(kelurahan, day)
    page = Paginator(kelurahan, KELURAHAN_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_postings_ahead(page.object_list, day, request.user)
    return {"form": form, "page": page, "groups": by_kecamatan(page.object_list), "today": day}


ROSTER_CACHE_SECONDS = 60  # a safety net: the key already changes with the register


@permission_required(VIEW_REGISTER, raise_exception=True)
def roster(request: HttpRequest) -> HttpResponse:
    office = is_office(request.user)
    today = timezone.localdate()
    # The roster of another day, by the rule of the roster report; a bad date is
    # said on the form, and today's roster shown.
    day_form = AsOfForm(request.GET)
    as_of = day_form.cleaned_data["as_of"] if day_form.is_valid() else None
    day = as_of or today
    # Postings are changed from today's roster, not from another day's.
    can_manage = request.user.has_perm(MANAGE_POSTINGS) and day == today
    # The roster is read far more often than postings change: its content is kept
    # in the cache (the process's own, or the one the servers share), keyed by the
    # register's version, the day and the user's area, so no server ever shows a
    # stale one, nor yesterday's, nor another area's.
    version = register_version()
    key = (
        "roster:"
        + hashlib.sha256(
            repr(
                (
                    version,
                    today,
                    can_manage,
                    area_of(request.user).key,
                    get_language(),
                    request.get_full_path(),
                )
            ).encode()
        ).hexdigest()
    )
    content = cache.get(key)
    if content is None:
        counts = coverage(day, request.user, version)
        # Listed here while few; the facilitator register pages through the rest.
        # An area sees no reserve: it belongs to the office.
        shows_reserve = office and counts.in_reserve <= RESERVE_SHOWN
        content = render_to_string(
            "assignments/_roster_content.html",
            {
                **kelurahan_page(request, day),
                "day_form": day_form,
                "as_of": as_of,
                "covered": counts.covered,
                "total": counts.kelurahan,
                "reserve": list(in_reserve(day).by_name()) if shows_reserve else [],
                "reserve_count": counts.in_reserve,
                "can_manage": can_manage,
                # Posting from the reserve stays with the office.
                "can_post": can_manage and office,
            },
            request=request,
        )
        cache.set(key, content, ROSTER_CACHE_SECONDS)
    return render(request, "assignments/roster.html", {"content": content, "as_of": as_of})


def _day(value) -> str:
    return date_format(value, "j F Y")


@dataclass(frozen=True)
class Workflow:
    """One posting workflow: its form's fields are the service's arguments."""

    title: str
    form_class: type[forms.Form]
    service: Callable[..., object]
    summary: str  # what the confirmation page says will happen
    done: str  # what the roster says once it has happened
    # The office's own: the reserve, or a facilitator's standing in the whole register.
    office_only: bool = False
    # What the confirmation adds, and the roster says, of one that starts after today.
    scheduled: str = ""
    scheduled_done: str = ""

    def is_scheduled(self, form: forms.Form) -> bool:
        start = form.cleaned_data.get("start_date")
        return bool(self.scheduled) and start is not None and start > timezone.localdate()

    def summary_of(self, form: forms.Form) -> str:
        words = self.words(form)
        summary = self.summary % words
        return f"{summary} {self.scheduled % words}" if self.is_scheduled(form) else summary

    def done_of(self, form: forms.Form) -> str:
        done = self.scheduled_done if self.is_scheduled(form) else self.done
        return done % self.words(form)

    def words(self, form: forms.Form) -> dict:
        """The form's values as a sentence names them: people and places by name."""
        data = form.summary_data() if hasattr(form, "summary_data") else form.cleaned_data
        named = {key: getattr(value, "name", value) or "—" for key, value in data.items()}
        for key in ("start_date", "end_date"):
            if data.get(key):
                named[key] = _day(data[key])
        return named


SCHEDULED = gettext_lazy(
    "This is scheduled: it takes effect on %(start_date)s; until then nothing changes."
)

WORKFLOWS = {
    "post": Workflow(
        title=gettext_lazy("Post a facilitator"),
        form_class=PostForm,
        service=services.assignment_create,
        summary=gettext_lazy(
            "Post %(facilitator)s to kelurahan %(kelurahan)s from %(start_date)s "
            "(decree %(decree_number)s)."
        ),
        done=gettext_lazy("%(facilitator)s is now posted to %(kelurahan)s."),
        office_only=True,
        scheduled=SCHEDULED,
        scheduled_done=gettext_lazy(
            "%(facilitator)s is scheduled to be posted to %(kelurahan)s from %(start_date)s."
        ),
    ),
    "move": Workflow(
        title=gettext_lazy("Move a facilitator"),
        form_class=MoveForm,
        service=services.assignment_move,
        summary=gettext_lazy(
            "Move %(facilitator)s to kelurahan %(to_kelurahan)s from %(start_date)s; the "
            "current posting ends the day before (decree %(decree_number)s)."
        ),
        done=gettext_lazy("%(facilitator)s is now posted to %(to_kelurahan)s."),
        scheduled=SCHEDULED,
        scheduled_done=gettext_lazy(
            "%(facilitator)s is scheduled to be posted to %(to_kelurahan)s from %(start_date)s."
        ),
    ),
    "swap": Workflow(
        title=gettext_lazy("Swap two facilitators"),
        form_class=SwapForm,
        service=services.assignment_swap,
        summary=gettext_lazy(
            "Swap the kelurahan of %(first)s and %(second)s from %(start_date)s "
            "(decree %(decree_number)s)."
        ),
        done=gettext_lazy("%(first)s and %(second)s have swapped kelurahan."),
        scheduled=SCHEDULED,
        scheduled_done=gettext_lazy(
            "%(first)s and %(second)s are scheduled to swap kelurahan from %(start_date)s."
        ),
    ),
    "release": Workflow(
        title=gettext_lazy("Release a facilitator to reserve"),
        form_class=ReleaseForm,
        service=services.assignment_release,
        summary=gettext_lazy(
            "End the posting of %(facilitator)s on %(end_date)s; they go back to reserve "
            "(decree %(decree_number)s)."
        ),
        done=gettext_lazy("The posting of %(facilitator)s ends on %(end_date)s."),
    ),
    "cancel": Workflow(
        title=gettext_lazy("Cancel a scheduled posting"),
        form_class=CancelForm,
        service=services.assignment_cancel,
        summary=gettext_lazy(
            "Cancel the posting of %(facilitator)s to kelurahan %(kelurahan)s scheduled from "
            "%(start_date)s. If it was a move, their earlier posting stays open."
        ),
        done=gettext_lazy("The posting of %(facilitator)s to %(kelurahan)s is cancelled."),
    ),
    "cancel-release": Workflow(
        title=gettext_lazy("Cancel a scheduled release"),
        form_class=CancelReleaseForm,
        service=services.assignment_cancel_release,
        summary=gettext_lazy(
            "Keep %(facilitator)s in kelurahan %(kelurahan)s: the release on %(end_date)s "
            "is cancelled and the posting stays open."
        ),
        done=gettext_lazy("%(facilitator)s stays posted to %(kelurahan)s."),
    ),
    "deactivate": Workflow(
        title=gettext_lazy("Deactivate a facilitator"),
        form_class=DeactivateForm,
        service=services.facilitator_deactivate,
        summary=gettext_lazy(
            "%(facilitator)s is inactive from %(start_date)s (reason: %(reason)s; decree "
            "%(decree_number)s). A posting in force then ends the day before."
        ),
        done=gettext_lazy("%(facilitator)s is inactive from %(start_date)s."),
        office_only=True,
    ),
    "reactivate": Workflow(
        title=gettext_lazy("Reactivate a facilitator"),
        form_class=ReactivateForm,
        service=services.facilitator_reactivate,
        summary=gettext_lazy(
            "%(facilitator)s is active again from %(start_date)s, in reserve until posted."
        ),
        done=gettext_lazy("%(facilitator)s is active again from %(start_date)s."),
        office_only=True,
    ),
}


@permission_required(MANAGE_POSTINGS, raise_exception=True)
def posting_workflow(request: HttpRequest, action: str) -> HttpResponse:
    workflow = WORKFLOWS[action]
    if workflow.office_only and not is_office(request.user):
        raise PermissionDenied(OFFICE_ONLY)
    if request.method == "POST":
        form = workflow.form_class(request.POST, user=request.user)
    else:
        # Links from the roster and dashboard preselect the facilitator or kelurahan.
        form = workflow.form_class(initial=request.GET.dict(), user=request.user)
    context = {"form": form, "title": workflow.title, "action": action}

    confirmed = request.POST.get("confirmed")  # None: ask; "1": do it; "0": edit again
    if request.method == "POST" and form.is_valid() and confirmed != "0":
        if confirmed != "1":
            context["summary"] = workflow.summary_of(form)
            return render(request, "assignments/posting_confirm.html", context)
        try:
            workflow.service(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, workflow.done_of(form))
            return redirect("assignments:roster")
    return render(request, "assignments/posting_form.html", context)
