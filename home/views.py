import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.models import Session
from django.db import DatabaseError, transaction
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.areas import is_office
from accounts.roles import MANAGE_POSTINGS, VIEW_BRIEFINGS, VIEW_CONTRACTS, VIEW_REGISTER, role_of
from assignments.models import Assignment
from assignments.selectors import (
    coverage,
    in_reserve,
    with_facilitator_visible,
    without_facilitator,
)
from briefings.models import Attendance, Briefing, BriefingSession
from briefings.selectors import absence_inbox
from briefings.selectors import last_attendance as last_attendance_of
from contracts.selectors import (
    ENDING_SOON_DAYS,
    ending_soon,
    own_contracts,
    posted_without_contract,
)
from home.forms import ContactForm
from outbox.selectors import unsent_card
from registry.models import Facilitator, Institution, Kelurahan
from registry.views import own_facilitator

RECENT_CHANGES = 8
SHOWN = 20  # longer lists link to the page that pages through them


def index(request: HttpRequest) -> HttpResponse:
    """The start page depends on the role: the dashboard, or a facilitator's own page."""
    if request.user.has_perm(VIEW_REGISTER):
        return dashboard(request)
    if role_of(request.user) == "facilitator":
        return redirect("home:me")
    return render(request, "home/no_role.html", status=403)


def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts, lists and the latest briefing over the user's area (the whole
    register for the office)."""
    user = request.user
    today = timezone.localdate()
    counts = coverage(today, user)
    # The names are listed while they are few; more, and the link leads to the pages.
    uncovered = without_facilitator(
        Kelurahan.objects.visible_to(user).select_related("kecamatan").order_by("code"), today
    )
    shows_reserve = is_office(user) and counts.in_reserve <= SHOWN
    next_session = (
        BriefingSession.objects.filter(
            date__gte=today, briefing__in=Briefing.objects.visible_to(user)
        )
        .select_related("briefing")
        .order_by("date", "start_time")
        .first()
    )
    last_session, last_attendance = last_attendance_of(user, timezone.now())
    contracts = {}
    if user.has_perm(VIEW_CONTRACTS):
        # Listed while they are few; more, and the link leads to the contracts' pages.
        # An area's panels hold the facilitators posted in it today.
        ending = list(ending_soon(today, user)[: SHOWN + 1])
        uncontracted = list(posted_without_contract(today, user)[: SHOWN + 1])
        contracts = {
            "ending": ending[:SHOWN],
            "ending_more": len(ending) > SHOWN,
            "ending_days": ENDING_SOON_DAYS,
            "uncontracted": uncontracted[:SHOWN],
            "uncontracted_more": len(uncontracted) > SHOWN,
        }
    recent = Assignment.objects.visible_to(user).select_related("facilitator", "kelurahan")
    # The reminders the outbox could not send (None: not this account's work).
    unsent = unsent_card(user)
    return render(
        request,
        "home/dashboard.html",
        {
            "contracts": contracts,
            "unsent": unsent,
            "today": today,
            "total": counts.kelurahan,
            "covered": counts.covered,
            "uncovered": list(uncovered) if counts.uncovered <= SHOWN else [],
            "uncovered_count": counts.uncovered,
            # An area sees no reserve (None): it belongs to the office.
            "reserve": list(in_reserve(today).by_name()) if shows_reserve else [],
            "reserve_count": counts.in_reserve,
            "next_session": next_session,
            "last_session": last_session,
            "last_attendance": last_attendance,
            "absence_inbox": absence_inbox(user) if user.has_perm(VIEW_BRIEFINGS) else None,
            "recent_postings": with_facilitator_visible(recent, user, today).order_by(
                "-updated_at"
            )[:RECENT_CHANGES],
            # Posting from the reserve stays with the office.
            "can_post": user.has_perm(MANAGE_POSTINGS) and is_office(user),
        },
    )


def me(request: HttpRequest) -> HttpResponse:
    """A facilitator's own page: their kelurahan, postings, briefings and contacts."""
    facilitator = own_facilitator(request)
    today = timezone.localdate()
    postings = list(
        facilitator.assignments.with_state(today)
        .select_related("kelurahan__kecamatan")
        .order_by("-start_date")
    )
    current = next((posting for posting in postings if posting.in_force), None)
    institutions = []
    if current is not None:
        # Both kinds are shown: a missing LPM or BKM is worth knowing too.
        found = {i.kind: i for i in current.kelurahan.institutions.all()}
        institutions = [(kind, found.get(kind)) for kind in Institution.Kind]
    return render(
        request,
        "home/me.html",
        {
            "facilitator": facilitator,
            "current": current,
            "postings": postings,
            "institutions": institutions,
            "sessions": _my_sessions(facilitator),
            "contracts": own_contracts(facilitator),
            "today": today,
            "active": facilitator.is_active_on(today),
        },
    )


def _my_sessions(facilitator: Facilitator) -> list[BriefingSession]:
    """Every session of the briefings they were invited to or attended, newest
    first, each with `mine`: their attendance there (or None)."""
    briefings = Briefing.objects.filter(
        Q(
            pk__in=Briefing.invitees.through.objects.filter(facilitator=facilitator).values(
                "briefing"
            )
        )
        | Q(pk__in=Attendance.objects.filter(facilitator=facilitator).values("session__briefing"))
    )
    sessions = (
        BriefingSession.objects.filter(briefing__in=briefings)
        .select_related("briefing")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(facilitator=facilitator),
                to_attr="my_attendance",
            )
        )
        .order_by("-date", "-start_time")
    )
    sessions = list(sessions)
    for session in sessions:
        session.mine = session.my_attendance[0] if session.my_attendance else None
    return sessions


def me_contact(request: HttpRequest) -> HttpResponse:
    """A facilitator keeps their own phone and e-mail current."""
    facilitator = own_facilitator(request)
    form = ContactForm(request.POST or None, instance=facilitator)
    if form.is_valid():
        if form.has_changed():
            form.instance.save(update_fields=form.changed_data)
            messages.success(request, _("Your contact details are saved."))
        return redirect("home:me")
    return render(request, "home/me_contact.html", {"form": form, "facilitator": facilitator})


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the database takes writes, 503 otherwise.

    A read alone answered 200 from a read-only database on which every sign-in
    failed: signing in writes a session. So a session row is written, in a
    transaction that is always rolled back.
    """
    try:
        with transaction.atomic():
            Session.objects.create(
                session_key=f"healthz-{secrets.token_hex(16)}",
                session_data="",
                expire_date=timezone.now(),
            )
            transaction.set_rollback(True)
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
