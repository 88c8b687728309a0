"""Read-only history pages: staff and supervisors may read them, nobody else; an
account limited to an area, those of its records (the facilitators posted there
today, its kelurahan, the briefings it took part in)."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import VIEW_REGISTER
from assignments.selectors import facilitators_visible_to
from audit import records
from briefings.history import briefing_history as briefing_records
from briefings.models import Briefing
from registry.models import Kelurahan

VIEW_BRIEFINGS = "briefings.view_briefing"


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET
def facilitator_history(request: HttpRequest, pk: int) -> HttpResponse:
    visible = facilitators_visible_to(request.user, timezone.localdate())
    facilitator = get_object_or_404(visible, pk=pk)
    entries = records.facilitator_history(facilitator, user=request.user)
    return _page(request, facilitator, entries)


@permission_required(VIEW_REGISTER, raise_exception=True)
@require_GET
def kelurahan_history(request: HttpRequest, code: str) -> HttpResponse:
    kelurahan = get_object_or_404(Kelurahan.objects.visible_to(request.user), code=code)
    return _page(request, kelurahan, records.kelurahan_history(kelurahan))


@permission_required(VIEW_BRIEFINGS, raise_exception=True)
@require_GET
def briefing_history(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = get_object_or_404(Briefing.objects.visible_to(request.user), pk=pk)
    return _page(request, briefing, briefing_records(briefing, request.user))


def _page(request, obj, entries) -> HttpResponse:
    try:
        back_url = obj.get_absolute_url()
    except NoReverseMatch:  # the record's own page is not installed
        back_url = None
    context = {"object": obj, "history_entries": entries, "back_url": back_url}
    return render(request, "audit/record_history.html", context)
