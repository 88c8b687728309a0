"""The briefing reports: the attendance sheet (daftar hadir) and the recap.

The attendance sheet of one briefing comes in two kinds. Before the event
("blank") it lists the invitees with an empty signature column per session,
the numbered signature places alternating left and right as Indonesian
attendance sheets have them, and a signature block for the speakers. After it
("recorded") the same list shows the status recorded per session, the notes
and the totals. Without a choice, a briefing with recorded attendance gets
the recorded kind.

The recap counts, per facilitator over a period, the sessions recorded as
hadir, izin, sakit and tidak hadir, and the attendance rate (hadir out of
recorded sessions), grouped by the kecamatan of the facilitator's latest
posting in the period.

Both are built for a user: an account limited to an area gets the invitees
and attendance of the facilitators posted in its area (on the briefing's first
day, on each session's day), and its totals count those only.
"""

import base64
import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django import forms
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assignments.models import Assignment
from assignments.selectors import posted_in_area
from briefings.models import Attendance, Briefing, attendance_rate, rate_label
from registry.dates import validate_register_date
from registry.fields import name_sort_key
from registry.forms import kecamatan_filter_field
from registry.models import Facilitator, Kecamatan
from reports.formats import (
    NUMBER,
    PERCENT,
    TEXT,
    Column,
    Report,
    file_slug,
    long_date,
)

STATUSES = list(Attendance.Status)


def session_label(session, number: int, count: int) -> str:
    """ "Sesi 2 (14/03/2019)" when a briefing has several sessions."""
    if count == 1:
        return ""
    return _("Session %(number)s (%(date)s)") % {
        "number": number,
        "date": date_format(session.date, "d/m/Y"),
    }


def session_when(session) -> str:
    """Rabu, 13 Februari 2019, 08.00–15.00 WIB, Ruang Kalijaga"""
    day = date_format(session.date, "l, j F Y")
    start, end = time_format(session.start_time, "H.i"), time_format(session.end_time, "H.i")
    return f"{day}, {start}–{end} WIB, {session.venue}"


# The attendance sheet --------------------------------------------------------


class SheetFilterForm(forms.Form):
    BLANK, RECORDED = "blank", "recorded"
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[
            ("", gettext_lazy("As recorded so far")),
            (BLANK, gettext_lazy("Blank, to sign at the event")),
            (RECORDED, gettext_lazy("With the recorded attendance")),
        ],
    )


@dataclass
class SheetLine:
    number: int
    name: str
    kelurahan: str
    codes: list[str] = field(default_factory=list)  # status per session, "" if not recorded
    statuses: list[str] = field(default_factory=list)  # the same as printed labels
    note: str = ""


class AttendanceSheetReport(Report):
    slug = "daftar-hadir"
    template = "briefings/report_attendance_sheet.html"
    signed = True

    def __init__(self, *, briefing: Briefing, user, kind: str = ""):
        super().__init__()
        self.briefing = briefing
        self.user = user
        self.sessions = list(briefing.sessions.all())
        self.speakers = list(briefing.speakers.all())
        self.attendance = Attendance.objects.visible_to(user).filter(session__briefing=briefing)
        self.records = list(
            self.attendance.values_list("session_id", "facilitator_id", "status", "note")
        )
        self.kind = kind or (SheetFilterForm.RECORDED if self.records else SheetFilterForm.BLANK)
        self.blank = self.kind == SheetFilterForm.BLANK
        self.slug = file_slug("daftar-hadir" if self.blank else "kehadiran", briefing.title)[:80]
        self.title = _("Attendance sheet") if self.blank else _("Attendance record")
        # Three sessions or more need the width of a landscape page.
        self.landscape = len(self.sessions) > 2
        self.lines = self._lines()

    @property
    def signature_date(self):
        """The sheet is signed on the briefing's (last) day, not on the day printed."""
        return self.sessions[-1].date if self.sessions else None

    def _people(self):
        """Invitees and anyone recorded at a session, with their kelurahan on the first
        day: of those the user may see."""
        day = self.sessions[0].date if self.sessions else timezone.localdate()
        posting = Assignment.objects.on(day).filter(facilitator=OuterRef("pk"))
        invited = self.briefing.invitees.filter(posted_in_area(self.user, day))
        recorded = self.attendance.values("facilitator")
        return (
            Facilitator.objects.filter(Q(pk__in=invited.values("pk")) | Q(pk__in=recorded))
            .annotate(kelurahan_name=Subquery(posting.values("kelurahan__name")[:1]))
            .by_name()
            .values_list("pk", "name", "kelurahan_name")
        )

    def _lines(self) -> list[SheetLine]:
        labels = dict(Attendance.Status.choices)
        by_pair = {(s, f): (status, note) for s, f, status, note in self.records}
        lines = []
        for number, (pk, name, kelurahan) in enumerate(self._people(), start=1):
            line = SheetLine(number, name, kelurahan or "")
            if not self.blank:
                notes = []
                for session in self.sessions:
                    status, note = by_pair.get((session.pk, pk), ("", ""))
                    line.codes.append(status)
                    line.statuses.append(str(labels[status]) if status else "")
                    if note:
                        notes.append(note)
                line.note = "; ".join(notes)
            lines.append(line)
        return lines

    def session_headings(self) -> list[dict]:
        count = len(self.sessions)
        return [
            {
                "label": session_label(session, number, count),
                "when": session_when(session),
            }
            for number, session in enumerate(self.sessions, start=1)
        ]

    def filters(self):
        details = [(_("Activity"), self.briefing.title)]
        if self.briefing.organiser:
            details.append((_("Organiser"), self.briefing.organiser))
        count = len(self.sessions)
        for number, session in enumerate(self.sessions, start=1):
            label = session_label(session, number, count) or _("When and where")
            details.append((label, session_when(session)))
        if not self.sessions:
            details.append((_("When and where"), _("No session planned yet")))
        return details

    def columns(self):
        columns = [
            Column(_("No."), NUMBER, 6),
            Column(_("Name"), width=32),
            Column(_("Kelurahan"), width=22),
        ]
        count = len(self.sessions)
        for number, session in enumerate(self.sessions, start=1):
            label = session_label(session, number, count)
            if self.blank:
                heading = _("Signature") + (f" — {label}" if label else "")
                columns.append(Column(heading, width=24))
            else:
                columns.append(Column(label or _("Attendance"), width=16))
        if not self.blank:
            columns.append(Column(_("Note"), width=30))
        return columns

    def rows(self):
        signatures = [""] * len(self.sessions)
        for line in self.lines:
            if self.blank:
                yield (line.number, line.name, line.kelurahan, *signatures)
            else:
                yield (line.number, line.name, line.kelurahan, *line.statuses, line.note)

    def tally(self) -> list[dict]:
        """Per status, the count per session; then those not recorded."""
        rows = []
        for status in STATUSES:
            counts = [
                sum(1 for line in self.lines if line.codes[index] == status.value)
                for index in range(len(self.sessions))
            ]
            rows.append({"label": str(status.label), "counts": counts})
        not_recorded = [
            sum(1 for line in self.lines if not line.codes[index])
            for index in range(len(self.sessions))
        ]
        rows.append({"label": _("Not recorded"), "counts": not_recorded})
        return rows

    def totals(self):
        totals = [(_("Facilitators listed"), len(self.lines))]
        if self.blank:
            return totals
        count = len(self.sessions)
        for row in self.tally():
            for number, (session, value) in enumerate(
                zip(self.sessions, row["counts"], strict=True), start=1
            ):
                label = session_label(session, number, count)
                totals.append((f"{row['label']} {label}".strip(), value))
        return totals

    def print_context(self):
        return {
            "briefing": self.briefing,
            "sessions": self.session_headings(),
            "speakers": self.speakers,
            "lines": self.lines,
            "blank": self.blank,
            "tally": None if self.blank else self.tally(),
            "totals": self.totals(),
        }


# The attendance recap --------------------------------------------------------


class RecapFilterForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: from the first briefing."),
        validators=[validate_register_date],
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: up to today."),
        validators=[validate_register_date],
    )
    kecamatan = forms.Field(required=False)  # kecamatan_filter_field, set for the user

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = kecamatan_filter_field(user)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


@dataclass
class RecapLine:
    number: int
    name: str
    kelurahan: str
    counts: list[int]  # hadir, izin, sakit, tidak hadir
    kecamatan_code: str = ""
    kecamatan: str = ""

    @property
    def recorded(self) -> int:
        return sum(self.counts)

    @property
    def rate(self) -> float | None:
        return rate_of(self.counts)

    @property
    def rate_text(self) -> str:
        return rate_label(self.rate)


def rate_of(counts: list[int]) -> float | None:
    """Hadir out of the sessions recorded (the first count is hadir)."""
    return attendance_rate(counts[0], sum(counts))


class AttendanceRecapReport(Report):
    title = gettext_lazy("Briefing attendance recap")
    slug = "rekap-kehadiran-pembekalan"
    template = "briefings/report_attendance_recap.html"
    narrowing = gettext_lazy("Narrow it: choose one kecamatan or a shorter period.")

    def __init__(
        self,
        *,
        user,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        kecamatan: Kecamatan | None = None,
    ):
        super().__init__()
        self.user = user
        self.end = end or self.printed_on
        if start is None:
            first = Attendance.objects.visible_to(user).aggregate(first=Min("session__date"))
            first = first["first"]
            start = min(first or self.end, self.end)
        self.start = start
        self.kecamatan = kecamatan
        self.lines = self._lines()

    def _lines(self) -> list[RecapLine]:
        attendance = Attendance.objects.visible_to(self.user).filter(
            session__date__range=(self.start, self.end)
        )
        counts = (
            attendance.values("facilitator_id", "facilitator__name")
            .annotate(
                **{status.value: Count("pk", filter=Q(status=status.value)) for status in STATUSES}
            )
            .order_by()
        )
        # Where each facilitator served: their latest posting that overlaps the period.
        placement = {}
        for facilitator_id, *where in (
            Assignment.objects.visible_to(self.user)
            .overlapping(self.start, self.end)
            .filter(facilitator__in=attendance.values("facilitator"))
            .order_by("start_date", "pk")
            .values_list(
                "facilitator_id",
                "kelurahan__name",
                "kelurahan__kecamatan__code",
                "kelurahan__kecamatan__name",
            )
        ):
            placement[facilitator_id] = where
        lines = []
        for row in counts:
            kelurahan, kecamatan_code, kecamatan = placement.get(
                row["facilitator_id"], ("", "", "")
            )
            if self.kecamatan is not None and kecamatan_code != self.kecamatan.code:
                continue
            lines.append(
                RecapLine(
                    0,
                    row["facilitator__name"],
                    kelurahan,
                    [row[status.value] for status in STATUSES],
                    kecamatan_code,
                    kecamatan,
                )
            )
        # Kecamatan in code order, facilitators without a posting last, names A–Z.
        lines.sort(key=lambda line: (line.kecamatan_code or "~", name_sort_key(line.name)))
        for number, line in enumerate(lines, start=1):
            line.number = number
        return lines

    def filters(self):
        return [
            (_("Period"), f"{long_date(self.start)} – {long_date(self.end)}"),
            (_("Kecamatan"), self.kecamatan.name if self.kecamatan else self.every_kecamatan()),
        ]

    def columns(self):
        return [
            Column(_("No."), NUMBER, 6),
            Column(_("Kecamatan"), TEXT, 20),
            Column(_("Kelurahan"), TEXT, 22),
            Column(_("Facilitator"), TEXT, 30),
            *[Column(str(status.label), NUMBER, 11) for status in STATUSES],
            Column(_("Sessions recorded"), NUMBER, 11),
            Column(_("Attendance rate (%)"), PERCENT, 12),
        ]

    def rows(self):
        for line in self.lines:
            yield (
                line.number,
                line.kecamatan or _("Not posted"),
                line.kelurahan,
                line.name,
                *line.counts,
                line.recorded,
                line.rate,
            )

    def _sum(self, lines) -> list[int]:
        return [sum(line.counts[index] for line in lines) for index in range(len(STATUSES))]

    def totals(self):
        counts = self._sum(self.lines)
        rate = rate_of(counts)
        return [
            (_("Facilitators"), len(self.lines)),
            *[(str(status.label), count) for status, count in zip(STATUSES, counts, strict=True)],
            (_("Sessions recorded"), sum(counts)),
            # A number in a "%" column, with the one rounding rate_label shows.
            (_("Attendance rate (%)"), round(rate * 100, 1) if rate is not None else None),
        ]

    def print_context(self):
        groups = []
        for (_code, kecamatan), lines in groupby(
            self.lines, lambda line: (line.kecamatan_code, line.kecamatan)
        ):
            lines = list(lines)
            counts = self._sum(lines)
            groups.append(
                {
                    "kecamatan": kecamatan or _("Not posted"),
                    "lines": lines,
                    "counts": counts,
                    "recorded": sum(counts),
                    "rate_text": rate_label(rate_of(counts)),
                }
            )
        counts = self._sum(self.lines)
        return {
            "groups": groups,
            "statuses": [str(status.label) for status in STATUSES],
            "counts": counts,
            "recorded": sum(counts),
            "rate_text": rate_label(rate_of(counts)),
            "totals": self.totals(),
        }


# The invitation letter (surat undangan) -----------------------------------------

# A letter lists its invitees in an attachment (lampiran) up to this many; a longer
# invitation (a province, the whole register) lists how many are invited from each
# kecamatan instead, and the attendance sheet gives the names, per kecamatan.
LETTER_NAMES_MAX = 1_000


def days_text(first: datetime.date | None, last: datetime.date | None) -> str:
    """13 Februari 2019, or 20–21 Maret 2019, or 30 Maret – 2 April 2019."""
    if first is None or last is None:
        return ""
    if first == last:
        return date_format(first, "j F Y")
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{date_format(last, 'j F Y')}"
    if first.year == last.year:
        return f"{date_format(first, 'j F')} – {date_format(last, 'j F Y')}"
    return f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"


def hours_of(sessions) -> float:
    """The sessions' length in hours, added up."""
    minutes = sum(
        (
            datetime.datetime.combine(s.date, s.end_time)
            - datetime.datetime.combine(s.date, s.start_time)
        ).total_seconds()
        // 60
        for s in sessions
    )
    return minutes / 60


def hours_text(hours: float) -> str:
    """7 jam, 7,5 jam."""
    whole = int(hours)
    number = str(whole) if hours == whole else f"{hours:.1f}".replace(".", ",")
    return _("%(hours)s hours") % {"hours": number}


class InvitationLetter(Report):
    """The office's letter inviting the facilitators, with the list of invitees as
    its attachment (lampiran) and the signer of the report settings."""

    slug = "surat-undangan"
    template = "briefings/invitation_letter.html"
    signed = True
    title = gettext_lazy("Invitation")

    def __init__(self, *, briefing: Briefing):
        super().__init__()
        self.briefing = briefing
        self.sessions = list(briefing.sessions.all())
        self.speakers = list(briefing.speakers.all())
        self.slug = file_slug("surat-undangan", briefing.title)[:80]
        self.letter_date = briefing.letter_date or self.printed_on
        first = self.sessions[0].date if self.sessions else timezone.localdate()
        invitees = self._invitees(first)
        self.invitee_count = invitees.count()
        self.listed = self.invitee_count <= LETTER_NAMES_MAX
        if self.listed:
            self.lines = list(invitees.values_list("name", "kelurahan_name", "kecamatan_name"))
            self.by_kecamatan = []
        else:
            self.lines = []
            self.by_kecamatan = list(
                invitees.order_by()
                .values_list("kecamatan_name")
                .annotate(n=Count("pk"))
                .order_by(F("kecamatan_name").asc(nulls_last=True))
            )

    def _invitees(self, day):
        posting = Assignment.objects.on(day).filter(facilitator=OuterRef("pk"))
        return self.briefing.invitees.annotate(
            kelurahan_name=Subquery(posting.values("kelurahan__name")[:1]),
            kecamatan_name=Subquery(posting.values("kelurahan__kecamatan__name")[:1]),
        ).by_name()

    @property
    def signature_date(self):
        return self.letter_date

    def print_context(self):
        count = len(self.sessions)
        return {
            "briefing": self.briefing,
            "sessions": [
                {
                    "label": session_label(session, number, count),
                    "day": date_format(session.date, "l, j F Y"),
                    "time": f"{time_format(session.start_time, 'H.i')}–"
                    f"{time_format(session.end_time, 'H.i')} WIB",
                    "venue": session.venue,
                }
                for number, session in enumerate(self.sessions, start=1)
            ],
            "speakers": self.speakers,
            "letter_date": self.letter_date,
            "invitee_count": self.invitee_count,
            "listed": self.listed,
            "lines": self.lines,
            "by_kecamatan": self.by_kecamatan,
        }


# The certificate (sertifikat) ----------------------------------------------------


class CertificateDocument(Report):
    """One certificate: A4 landscape, the office's letterhead and signer, the number,
    and a QR code of the public verification page."""

    template = "briefings/certificate.html"
    signed = True
    landscape = True
    body_class = "certificate"
    title = gettext_lazy("Certificate")

    def __init__(self, *, certificate, verify_url: str, qr_svg: str):
        super().__init__()
        self.certificate = certificate
        self.slug = file_slug("sertifikat", certificate.number)[:80]
        self.verify_url = verify_url
        self.qr_svg = qr_svg

    @property
    def signature_date(self):
        """Signed on the briefing's last day as it was when the certificate was issued."""
        return self.certificate.last_day

    def print_context(self):
        # Everything from the certificate as issued, nothing from the briefing as it is now.
        return {
            "certificate": self.certificate,
            "days": days_text(self.certificate.first_day, self.certificate.last_day),
            "hours": hours_text(self.certificate.minutes / 60),
            "verify_url": self.verify_url,
            "qr_data_uri": "data:image/svg+xml;base64,"
            + base64.b64encode(self.qr_svg.encode()).decode(),
        }
