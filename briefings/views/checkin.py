"""Self check-in: the QR code staff show during a session, and the page a
facilitator's phone opens when it scans it.

The QR code is an SVG made by segno and set in the page as markup: no inline
script or style, so the content-security policy stays as strict as elsewhere.
static/js/checkin.js fetches the page again when the minute turns, for the new
code and the count; without JavaScript the page reloads itself every 30 seconds.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.roles import RECORD_ATTENDANCE
from briefings.checkin import check_in, check_refusal, checkin_code, minute_of, scan_note
from briefings.models import Attendance, Briefing, BriefingSession, invitations_visible_to
from registry.views import own_facilitator


def qr_svg(text: str, *, scale: int = 8) -> str:
    """The text as a QR code in SVG markup, black on white, sized by its viewBox."""
    return segno.make(text, error="m").svg_inline(
        scale=scale, dark="#000", light="#fff", omitsize=True, svgclass="qr", lineclass=None
    )


def checked_in_count(session: BriefingSession, user) -> int:
    """How many the user may see checked in at the session (present by their own scan)."""
    return (
        Attendance.objects.visible_to(user)
        .filter(session=session, checked_in=True, status=Attendance.Status.PRESENT)
        .count()
    )


@permission_required(RECORD_ATTENDANCE, raise_exception=True)
@never_cache
def session_checkin(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """The session's QR code for the facilitators to scan, while check-in is open."""
    session = get_object_or_404(
        BriefingSession.objects.select_related("briefing"),
        pk=session_pk,
        briefing__in=Briefing.objects.visible_to(request.user).filter(pk=pk),
    )
    now = timezone.now()
    context = {
        "briefing": session.briefing,
        "session": session,
        "open": session.check_in_open(now),
        "not_yet": now < session.opens_at,
        "opens_at": timezone.localtime(session.opens_at),
        "ends_at": timezone.localtime(session.ends_at),
        "count": checked_in_count(session, request.user),
        "invited": invitations_visible_to(request.user).filter(briefing=session.briefing).count(),
        "minute": minute_of(now),
    }
    if context["open"]:
        url = request.build_absolute_uri(
            reverse("briefings:check-in", args=[session.pk, checkin_code(session, now)])
        )
        context.update(url=url, qr=qr_svg(url))
    return render(request, "briefings/checkin_qr.html", context)


@login_not_required  # to send someone not signed in to sign in with the scan noted
@never_cache
def check_in_page(request: HttpRequest, session_pk: int, code: str) -> HttpResponse:
    """What the facilitator's phone opens: the session, and a button to check in,
    or why they cannot."""
    now = timezone.now()
    if not request.user.is_authenticated:
        back = request.path
        note = scan_note(code, now)
        if note:
            back += "?" + urlencode({"scanned": note})
        return redirect_to_login(back)
    scanned = request.GET.get("scanned", "")
    facilitator = own_facilitator(request)
    session = get_object_or_404(BriefingSession.objects.select_related("briefing"), pk=session_pk)
    refusal = None
    # Someone not invited learns nothing of the session, not even its title.
    invited = session.briefing.invitees.filter(pk=facilitator.pk).exists()
    if request.method == "POST":
        try:
            attendance = check_in(
                session=session, code=code, facilitator=facilitator, now=now, scanned=scanned
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("You are checked in: present (hadir) at %(time)s.")
                % {"time": timezone.localtime(attendance.recorded_at).strftime("%H:%M")},
            )
            return redirect("briefings:my-briefing", pk=session.briefing_id)
    else:
        try:
            check_refusal(session, code, facilitator, now, scanned=scanned)
        except ValidationError as error:
            refusal = " ".join(error.messages)
    return render(
        request,
        "briefings/check_in.html",
        {
            "session": session,
            "briefing": session.briefing,
            "facilitator": facilitator,
            "refusal": refusal,
            "invited": invited,
        },
    )
