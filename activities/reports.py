"""The monthly report as a document, and the recap of a month's reports.

The document is the report the office files: identity, the table of
activities, the photo annex, problems, plan, and three signature blocks
(Yang melaporkan, Diperiksa oleh, Mengetahui) with name, NIP where there is
one and the date of that step. The recap lists, for one month (and
optionally one kecamatan), each posted facilitator's report state, on time or
late, and their activities per kind, in the four forms the other reports use.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import VIEW_REPORTS
from activities.forms import MonthField
from activities.models import (
    ActivityEntry,
    ActivityKind,
    Attachment,
    MonthlyReport,
    ReportingSettings,
    month_end,
    month_start,
)
from activities.selectors import CELL_LABELS, SUBMITTED_STATES, cell_state, postings_during
from registry.forms import kecamatan_filter_field
from registry.models import Kecamatan, ReportSettings
from reports.entries import Entry
from reports.formats import NUMBER, TEXT, Column, Report, file_slug


def month_label(month: datetime.date) -> str:
    return date_format(month, "F Y")


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def nip_of(user) -> str:
    return user.nip if user else ""


@dataclass
class Photo:
    attachment: Attachment
    caption: str
    src: str = ""


@dataclass
class SignatureBlock:
    heading: str
    position: str
    name: str
    nip: str
    on: datetime.date | None
    # A civil servant signs with their NIP (a dotted line while it is unknown); a
    # facilitator, a contract worker, has none.
    with_nip: bool = True


# A photo in the PDF costs WeasyPrint about what this many table cells do (decoding
# and scaling the JPEG, placing it): docs/performance.md.
PHOTO_CELLS = 60
ENTRY_COLUMNS = 8  # the columns of the table of activities


class MonthlyReportDocument(Report):
    slug = "laporan-bulanan"
    template = "activities/report_document.html"
    signed = False  # three signature blocks of its own

    def __init__(self, *, report: MonthlyReport, entries: list[ActivityEntry]):
        super().__init__()
        self.report = report
        self.entries = entries
        self.lines = entries
        self.title = _("Monthly report of the ward facilitator")

    def size(self) -> int:
        """The table of activities, and the photos, each as many cells as it costs."""
        photos = sum(
            attachment.is_photo for entry in self.entries for attachment in entry.attachments.all()
        )
        return len(self.entries) * ENTRY_COLUMNS + photos * PHOTO_CELLS

    @property
    def filename(self) -> str:
        return file_slug(
            "laporan-bulanan", self.report.facilitator.name, f"{self.report.month:%Y-%m}"
        )

    def filters(self):
        report = self.report
        kelurahan = report.kelurahan
        return [
            (_("Name"), report.facilitator.name),
            (_("Kelurahan"), kelurahan.name if kelurahan else "—"),
            (_("Kecamatan"), kelurahan.kecamatan.name if kelurahan else "—"),
            (_("Month"), month_label(report.month)),
            (_("State"), str(report.get_state_display())),
        ]

    def photos(self) -> list[Photo]:
        photos = []
        for entry in self.entries:
            for attachment in entry.attachments.all():
                if attachment.is_photo:
                    caption = attachment.caption or entry.description[:80]
                    photos.append(
                        Photo(
                            attachment,
                            f"{date_format(entry.date, 'j F Y')} — {caption}",
                            src=attachment.get_absolute_url(),
                        )
                    )
        return photos

    def signatures(self) -> list[SignatureBlock]:
        report = self.report
        letterhead = ReportSettings.load()
        submitted = report.submitted_at
        last_submit = next(
            (t.at for t in reversed(list(report.transitions.all())) if t.to_state == "submitted"),
            submitted,
        )
        kelurahan = report.kelurahan.name if report.kelurahan else ""
        approver = report.approved_by
        return [
            SignatureBlock(
                _("Reported by"),
                _("Ward facilitator %(kelurahan)s") % {"kelurahan": kelurahan},
                report.facilitator.name,
                "",
                timezone.localdate(last_submit) if last_submit else None,
                with_nip=False,
            ),
            SignatureBlock(
                _("Checked by"),
                _("DPMPPA staff"),
                person_name(report.verified_by),
                nip_of(report.verified_by),
                timezone.localdate(report.verified_at) if report.verified_at else None,
            ),
            SignatureBlock(
                _("Acknowledged by"),
                letterhead.signature_position,
                # The approver signs as themselves; the letterhead's signer until then
                # (never one person's name over another's NIP).
                person_name(approver) if approver else letterhead.signer_name,
                nip_of(approver) if approver else letterhead.signer_nip,
                timezone.localdate(report.approved_at) if report.approved_at else None,
            ),
        ]

    def print_context(self) -> dict:
        return {
            "entries": self.entries,
            "signatures": self.signatures(),
            "documents": [
                (entry, attachment)
                for entry in self.entries
                for attachment in entry.attachments.all()
                if not attachment.is_photo
            ],
        }


# The recap ---------------------------------------------------------------


def last_month() -> str:
    return f"{month_start(month_start(timezone.localdate()) - datetime.timedelta(days=1)):%Y-%m}"


class RecapFilterForm(forms.Form):
    month = MonthField(label=gettext_lazy("Month"))
    kecamatan = forms.Field(required=False)  # kecamatan_filter_field, set for the user

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = kecamatan_filter_field(user)


@dataclass
class RecapLine:
    number: int
    name: str
    kelurahan: str
    kecamatan: str
    state: str
    timeliness: str
    counts: list[int]
    submitted: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts)


class RecapReport(Report):
    slug = "rekap-laporan-bulanan"
    template = "activities/report_recap.html"
    landscape = True
    narrowing = gettext_lazy("Narrow it: choose one kecamatan.")

    def __init__(self, *, month: datetime.date, user, kecamatan: Kecamatan | None = None):
        super().__init__()
        self.user = user
        self.month = month
        self.kecamatan = kecamatan
        self.title = _("Recap of monthly reports")
        self.kinds = list(ActivityKind.objects.all())
        self.lines = self._lines()

    @property
    def filename(self) -> str:
        return file_slug(
            self.slug, f"{self.month:%Y-%m}", self.kecamatan.name if self.kecamatan else ""
        )

    def filters(self):
        return [
            (_("Month"), month_label(self.month)),
            (_("Kecamatan"), self.kecamatan.name if self.kecamatan else self.every_kecamatan()),
        ]

    def _lines(self) -> list[RecapLine]:
        end = month_end(self.month)
        # For an area: those posted in it during the month, where they were posted there.
        postings = (
            postings_during(self.month, end)
            .visible_to(self.user)
            .select_related("facilitator", "kelurahan__kecamatan")
        )
        if self.kecamatan is not None:
            postings = postings.filter(kelurahan__kecamatan=self.kecamatan)
        latest = {}
        for posting in postings.order_by("start_date"):
            latest[posting.facilitator_id] = posting
        reports = {
            facilitator: (state, late)
            for facilitator, state, late in MonthlyReport.objects.filter(
                month=self.month, facilitator__in=list(latest)
            ).values_list("facilitator_id", "state", "late")
        }
        counts = {}
        per_kind = (
            ActivityEntry.objects.finished()
            .of_month(self.month)
            .filter(facilitator__in=list(latest))
            .values("facilitator_id")
            .annotate(
                **{f"kind_{kind.pk}": Count("pk", filter=Q(kind=kind.pk)) for kind in self.kinds}
            )
        )
        for row in per_kind:
            counts[row["facilitator_id"]] = [row[f"kind_{kind.pk}"] for kind in self.kinds]
        deadline = ReportingSettings.load().deadline_of(self.month)
        today = timezone.localdate()
        postings = sorted(
            latest.values(),
            key=lambda p: (p.kelurahan.kecamatan.code, p.kelurahan.name, p.facilitator.name),
        )
        lines = []
        for number, posting in enumerate(postings, start=1):
            state, late = reports.get(posting.facilitator_id, (None, False))
            shown = cell_state(state, self.month, today=today, deadline=deadline)
            if state in SUBMITTED_STATES or state == MonthlyReport.State.RETURNED:
                timeliness = _("Late") if late else _("On time")
            else:
                timeliness = _("Late") if today > deadline else ""
            lines.append(
                RecapLine(
                    number,
                    posting.facilitator.name,
                    posting.kelurahan.name,
                    posting.kelurahan.kecamatan.name,
                    str(CELL_LABELS[shown]),
                    str(timeliness),
                    counts.get(posting.facilitator_id, [0] * len(self.kinds)),
                    submitted=state in SUBMITTED_STATES,
                )
            )
        return lines

    def columns(self):
        return [
            Column(_("No."), NUMBER, 5),
            Column(_("Facilitator"), TEXT, 30),
            Column(_("Kelurahan"), TEXT, 20),
            Column(_("Kecamatan"), TEXT, 20),
            Column(_("Report"), TEXT, 14),
            Column(_("Timeliness"), TEXT, 12),
            *[Column(kind.name, NUMBER, 12) for kind in self.kinds],
            Column(_("Activities"), NUMBER, 10),
        ]

    def rows(self):
        for line in self.lines:
            yield (
                line.number,
                line.name,
                line.kelurahan,
                line.kecamatan,
                line.state,
                line.timeliness,
                *line.counts,
                line.total,
            )

    def totals(self):
        return [
            (_("Facilitators"), len(self.lines)),
            (_("Reports submitted"), sum(line.submitted for line in self.lines)),
            (_("Activities"), sum(line.total for line in self.lines)),
        ]

    def print_context(self):
        return {"lines": self.lines, "kinds": self.kinds}


def index_entries(user) -> list[Entry]:
    """The recap of the monthly reports on /reports/, for those who may read them."""
    if not user.has_perm(VIEW_REPORTS):
        return []
    return [
        Entry(
            key="activities-recap",
            title=_("Recap of monthly reports"),
            description=_(
                "Per facilitator for a month: the state of the monthly report, whether "
                "it was late and the activities logged, grouped by kecamatan. Each "
                "report itself prints from its review page."
            ),
            url_name="activities:recap",
            form=RecapFilterForm(
                user=user, initial={"month": last_month()}, auto_id="activities-%s"
            ),
        )
    ]
