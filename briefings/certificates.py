"""Certificates (sertifikat) of attendance: who qualifies, issuing, withdrawing.

A facilitator qualifies when the briefing's last session has ended and they
were recorded present (hadir) at the share of its sessions the briefing asks
(`Briefing.certificate_share`, every session by default). Each certificate
gets a number and a random verification code, and keeps the briefing's title,
organiser, days and length as they were when it was issued (a session added
later does not rewrite it); its QR code points to the
public verification page, which shows only the name, the briefing, its date
and whether the certificate is valid. A withdrawn certificate stays on file,
marked withdrawn, and is no longer valid.

An area coordinator issues and withdraws the certificates of the facilitators
invited from their area only (`invitations_visible_to`).
"""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from briefings.models import (
    Attendance,
    Briefing,
    BriefingSession,
    Certificate,
    invitations_visible_to,
)
from briefings.reports import hours_of
from registry.models import Facilitator

NOT_ENDED = _("Certificates are issued once the briefing's last session has ended.")
ALREADY_WITHDRAWN = _("This certificate is already withdrawn.")
REASON_NEEDED = _("Say why the certificate is withdrawn.")
OUTSIDE_AREA = _("This certificate belongs to a facilitator outside your area.")


def qualifying(briefing: Briefing, user, session_count: int) -> models.QuerySet:
    """The invitees the user may see who were present at enough sessions, each with
    `present`: at how many."""
    present = (
        Attendance.objects.filter(
            session__briefing=briefing,
            status=Attendance.Status.PRESENT,
            facilitator=OuterRef("pk"),
        )
        .order_by()
        .values("facilitator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    invited = invitations_visible_to(user).filter(briefing=briefing).values("facilitator")
    return (
        Facilitator.objects.filter(pk__in=invited)
        .annotate(present=Subquery(present))
        .filter(present__gte=briefing.sessions_needed(session_count))
    )


def has_ended(sessions: list[BriefingSession], now: datetime.datetime) -> bool:
    return bool(sessions) and all(session.ends_at <= now for session in sessions)


def certificate_number(briefing: Briefing, sequence: int, year: int) -> str:
    """001/SERT-PBK.12/DPMPPA/2019: the sequence within the briefing, the briefing,
    the office and the year of its last session."""
    return f"{sequence:03d}/SERT-PBK.{briefing.pk}/DPMPPA/{year}"


@transaction.atomic
def certificates_issue(*, briefing: Briefing, by: User, now: datetime.datetime) -> int:
    """Issue a certificate to everyone (the user may see) who qualifies and has none
    yet; returns how many were issued. A withdrawn certificate is not issued again."""
    # One issuing at a time per briefing: the numbers follow each other.
    Briefing.objects.select_for_update().filter(pk=briefing.pk).first()
    sessions = list(briefing.sessions.select_related("briefing"))
    if not has_ended(sessions, now):
        raise ValidationError(NOT_ENDED)
    taken = Certificate.objects.filter(briefing=briefing)
    sequence = taken.count()
    year = sessions[-1].date.year
    # What every certificate of this issuing says, kept on it as it is today.
    issued_as = {
        "title": briefing.title,
        "organiser": briefing.organiser,
        "first_day": sessions[0].date,
        "last_day": sessions[-1].date,
        "minutes": round(hours_of(sessions) * 60),
    }
    new = []
    for facilitator in (
        qualifying(briefing, by, len(sessions))
        .exclude(pk__in=taken.values("facilitator"))
        .by_name()
    ):
        sequence += 1
        new.append(
            Certificate(
                briefing=briefing,
                facilitator=facilitator,
                number=certificate_number(briefing, sequence, year),
                code=secrets.token_urlsafe(12),
                issued_at=now,
                issued_by=by,
                **issued_as,
            )
        )
    Certificate.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def certificate_withdraw(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Withdraw a certificate with the reason; the verification page then says it is
    not valid."""
    if not Certificate.objects.visible_to(by).filter(pk=certificate.pk).exists():
        raise PermissionDenied(OUTSIDE_AREA)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.withdrawn_at is not None:
        raise ValidationError(ALREADY_WITHDRAWN)
    reason = reason.strip()
    if not reason:
        raise ValidationError(REASON_NEEDED)
    certificate.withdrawn_at = timezone.now()
    certificate.withdrawn_by = by
    certificate.withdrawal_reason = reason[:200]
    certificate.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return certificate
