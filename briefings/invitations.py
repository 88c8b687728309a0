"""Invitations: a mail to each invitee with the briefing's calendar file, and who
was sent one.

`invitations_send` queues one mail per invitee with an e-mail address (the
address on their record, else on their account) and records each as an
`InvitationMail`, all in one transaction: the mail is put on the queue after
the commit (jobs.mail) and a worker sends it, so a rolled-back send mails
nobody. Invitees who were sent one before are skipped unless `again` is asked.
Sending is the office's work, like planning the briefing.
"""

import datetime
from dataclasses import dataclass
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.areas import check_office
from accounts.models import User
from briefings.models import Briefing, BriefingSession, InvitationMail
from jobs.mail import one_line, send_mail_on_commit

# Mail to facilitators speaks Indonesian, like the printed documents.
MAIL_LANGUAGE = "id"
CALENDAR_FILE = "undangan.ics"

NO_SESSION = _("This briefing has no session yet: there is nothing to invite to.")
ALL_ENDED = _("Every session of this briefing has ended: invitations are no longer sent.")


@dataclass(frozen=True)
class SendOutcome:
    sent: int
    already_sent: int  # skipped: they were sent one before
    without_address: int


def calendar_organizer(briefing: Briefing) -> icalendar.vCalAddress | None:
    """RFC 5545's ORGANIZER is an address (mailto:) named by CN: the address the
    invitation is sent from, named after the briefing's organiser. Without an
    address there is no organizer to name: the field is left out."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if "@" not in address:
        return None
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(one_line(briefing.organiser or name or address))
    return organizer


def invitation_calendar(
    briefing: Briefing, sessions: list[BriefingSession], *, stamp: datetime.datetime
) -> str:
    """The briefing as an iCalendar file: one event per session, in Asia/Jakarta."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//DPMPPA Kota Pekalongan//Faskel//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    speakers = ", ".join(f"{s.name} ({s.institution})" for s in briefing.speakers.all())
    organizer = calendar_organizer(briefing)
    for session in sessions:
        event = icalendar.Event()
        event.add("uid", f"pembekalan-{briefing.pk}-sesi-{session.pk}@faskel")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        # One line each: a calendar property (the organiser above all, a CAL-ADDRESS)
        # refuses a line break, and a row saved before the forms refused them has one.
        event.add("summary", one_line(briefing.title))
        event.add("location", one_line(session.venue))
        details = [briefing.topics, f"Narasumber: {speakers}" if speakers else ""]
        event.add("description", "\n".join(part for part in details if part))
        if organizer is not None:
            event.add("organizer", organizer)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


@transaction.atomic
def invitations_send(
    *, briefing: Briefing, by: User | None, site: str = "", again: bool = False
) -> SendOutcome:
    """Queue the invitation to every invitee with an address (those sent one before
    only when `again`), and record each. `site` is the address the mail links to."""
    check_office(by)
    sessions = list(briefing.sessions.select_related("briefing"))
    if not sessions:
        raise ValidationError(NO_SESSION)
    now = timezone.now()
    if all(session.ends_at < now for session in sessions):
        raise ValidationError(ALL_ENDED)
    sent_before = set(
        InvitationMail.objects.filter(briefing=briefing).values_list("facilitator_id", flat=True)
    )
    calendar = invitation_calendar(briefing, sessions, stamp=now)
    speakers = list(briefing.speakers.all())
    records, already, without = [], 0, 0
    for facilitator in briefing.invitees.select_related("user").by_name():
        address = facilitator.mail_address
        if not address:
            without += 1
            continue
        if facilitator.pk in sent_before and not again:
            already += 1
            continue
        context = {
            "briefing": briefing,
            "sessions": sessions,
            "speakers": speakers,
            "facilitator": facilitator,
            "link": site.rstrip("/") + reverse("briefings:my-briefing", args=[briefing.pk])
            if site
            else "",
        }
        with translation.override(MAIL_LANGUAGE):
            subject = render_to_string("briefings/mail/invitation_subject.txt", context)
            body = render_to_string("briefings/mail/invitation.txt", context)
        send_mail_on_commit(
            subject=subject,
            body=body,
            recipients=[address],
            attachments=[(CALENDAR_FILE, calendar, "text/calendar")],
        )
        records.append(
            InvitationMail(
                briefing=briefing,
                facilitator=facilitator,
                email=address,
                queued_at=now,
                queued_by=by,
            )
        )
    InvitationMail.objects.bulk_create(records)
    return SendOutcome(sent=len(records), already_sent=already, without_address=without)
