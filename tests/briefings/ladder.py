"""A facilitator's briefing day for the walks over every URL (the permission
ladder, the own-data test, the hostile-input walk, the accessibility walk): a
past briefing they attended, with their certificate, and a session to come with
their request to be excused and its letter."""

import datetime
import secrets

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from briefings.checkin import checkin_code
from briefings.factories import BriefingSessionFactory
from briefings.models import AbsenceRequest, Attendance, Certificate
from tests.conftest import make_user

DAY_NAMES = {
    "briefings:invitees",
    "briefings:invitations",
    "briefings:invitation-letter",
    "briefings:invitation-letter-pdf",
    "briefings:session-checkin",
    "briefings:certificates",
    "briefings:certificate-withdraw",
    "briefings:certificate-pdf",
    "briefings:certificate-verify",
    "briefings:absence-letter",
    "briefings:my-briefings",
    "briefings:my-briefing",
    "briefings:absence-withdraw",
    "briefings:absence-decide",
    "briefings:check-in",
}


def day_of(facilitator) -> dict:
    """Their certificate of a past briefing, and their pending request (with a PDF
    letter) for a session a week ahead."""
    if facilitator.user is None:
        facilitator.user = make_user(f"faskel.{facilitator.pk}", roles.FACILITATOR)
        facilitator.save(update_fields=["user"])
    past = BriefingSessionFactory(
        briefing__title=f"Bimtek bersama {facilitator.name}", date=datetime.date(2019, 2, 13)
    )
    past.briefing.invitees.add(facilitator)
    Attendance.objects.create(
        session=past, facilitator=facilitator, status="hadir", note=f"Catatan {facilitator.name}"
    )
    certificate = Certificate.objects.create(
        briefing=past.briefing,
        facilitator=facilitator,
        number=f"{facilitator.pk:03d}/SERT-PBK.{past.briefing_id}/DPMPPA/2019",
        code=secrets.token_urlsafe(12),
        title=past.briefing.title,
        first_day=past.date,
        last_day=past.date,
        minutes=180,
    )
    ahead = BriefingSessionFactory(
        briefing__title=f"Rapat mendatang {facilitator.name}",
        date=timezone.localdate() + datetime.timedelta(days=7),
    )
    ahead.briefing.invitees.add(facilitator)
    request = AbsenceRequest(
        session=ahead,
        facilitator=facilitator,
        kind="sakit",
        reason=f"Alasan {facilitator.name}",
        letter_type="application/pdf",
        letter_size=9,
    )
    request.letter.save("letter", ContentFile(b"%PDF-1.4\n"), save=False)
    request.save()
    return {"past": past, "ahead": ahead, "certificate": certificate, "request": request}


def url_kwargs(name: str, day: dict) -> dict | None:
    past, ahead = day["past"], day["ahead"]
    return {
        "briefings:invitees": {"pk": ahead.briefing_id},
        "briefings:invitations": {"pk": ahead.briefing_id},
        "briefings:invitation-letter": {"pk": ahead.briefing_id},
        "briefings:invitation-letter-pdf": {"pk": ahead.briefing_id},
        "briefings:session-checkin": {"pk": ahead.briefing_id, "session_pk": ahead.pk},
        "briefings:certificates": {"pk": past.briefing_id},
        "briefings:certificate-withdraw": {"pk": day["certificate"].pk},
        "briefings:certificate-pdf": {"pk": day["certificate"].pk},
        "briefings:certificate-verify": {"code": day["certificate"].code},
        "briefings:absence-letter": {"pk": day["request"].pk},
        "briefings:my-briefings": {},
        "briefings:my-briefing": {"pk": ahead.briefing_id},
        "briefings:absence-withdraw": {"pk": day["request"].pk},
        "briefings:absence-decide": {"pk": day["request"].pk},
        "briefings:check-in": {
            "session_pk": ahead.pk,
            "code": checkin_code(ahead, timezone.now()),
        },
    }.get(name)


def day_url(name: str, day: dict) -> str:
    return reverse(name, kwargs=url_kwargs(name, day))
