import datetime
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.areas import is_office
from assignments.selectors import posted_in_area
from registry.dates import validate_register_date
from registry.models import Facilitator


class SubqueryCount(Subquery):
    """The number of rows of a subquery, without joining it into the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def first_day(briefing: str = "pk") -> Subquery:
    """The day of the first session of the briefing reached through `briefing`, as
    an expression of each row."""
    sessions = BriefingSession.objects.filter(briefing=OuterRef(briefing))
    return Subquery(sessions.order_by("date", "start_time").values("date")[:1])


def invitations_visible_to(user) -> models.QuerySet:
    """Invitations (the briefing-facilitator rows) of the facilitators posted in the
    user's area on the briefing's first day: who is invited "from the area"."""
    invitations = Briefing.invitees.through.objects.all()
    if is_office(user):
        return invitations
    return invitations.annotate(day=first_day("briefing")).filter(
        posted_in_area(user, OuterRef("day"), facilitator="facilitator")
    )


class BriefingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Briefings that invited a facilitator of the user's area, or recorded one's
        attendance: the others are another area's business."""
        if is_office(user):
            return self
        invited = invitations_visible_to(user).filter(briefing=OuterRef("pk"))
        recorded = Attendance.objects.visible_to(user).filter(session__briefing=OuterRef("pk"))
        return self.filter(Exists(invited) | Exists(recorded))

    def for_list(self, user):
        """Briefings with their first and last day and their counts over what the
        user may see, newest first.

        Counted in subqueries: joining sessions, invitees and attendance at once
        would multiply the rows (30 invitees times 3 sessions times 90 records).
        """
        sessions = BriefingSession.objects.filter(briefing=OuterRef("pk"))
        attendance = Attendance.objects.visible_to(user).filter(session__briefing=OuterRef("pk"))
        return self.annotate(
            first_day=Subquery(sessions.order_by("date").values("date")[:1]),
            last_day=Subquery(sessions.order_by("-date").values("date")[:1]),
            session_count=SubqueryCount(sessions.values("pk")),
            invitee_count=SubqueryCount(
                invitations_visible_to(user).filter(briefing=OuterRef("pk")).values("pk")
            ),
            recorded_count=SubqueryCount(attendance.values("pk")),
            present_count=SubqueryCount(
                attendance.filter(status=Attendance.Status.PRESENT).values("pk")
            ),
        ).order_by(F("first_day").desc(nulls_last=True), "-created_at", "-pk")


class Briefing(models.Model):
    """A pembekalan: one or more sessions that invited facilitators attend."""

    title = models.CharField(_("title"), max_length=200)
    topics = models.TextField(_("topics"), blank=True, default="")
    organiser = models.CharField(
        _("organiser"), max_length=150, blank=True, default="DPMPPA Kota Pekalongan"
    )
    invitees = models.ManyToManyField(
        Facilitator,
        related_name="briefings",
        blank=True,
        verbose_name=_("invited facilitators"),
        help_text=_("By default every active facilitator is invited."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(m2m_fields=[invitees])
    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("briefings:briefing-detail", args=[self.pk])


class Speaker(models.Model):
    """A narasumber of a briefing."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("briefing")
    )
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(
        _("institution"), max_length=150, help_text=_("For example DPMPPA, BKD or Bappeda.")
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True, default="")

    class Meta:
        ordering = ["briefing", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return f"{self.name} ({self.institution})"


class BriefingSession(models.Model):
    """One sitting of a briefing; attendance is taken per session."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("briefing")
    )
    date = models.DateField(_("date"), validators=[validate_register_date])
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    venue = models.CharField(_("venue"), max_length=200)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["date"], name="briefing_session_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.briefing} — {self.date:%d-%m-%Y}"

    @property
    def starts_at(self) -> datetime.datetime:
        """The start as an aware moment in the office's time zone (Asia/Jakarta)."""
        return datetime.datetime.combine(
            self.date, self.start_time, tzinfo=timezone.get_default_timezone()
        )

    def has_started(self, now: datetime.datetime) -> bool:
        return now >= self.starts_at


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Attendance of the facilitators posted in the user's area on the session's
        day: a past briefing keeps the attendance of those posted there then."""
        day = OuterRef("session__date")
        return self.filter(posted_in_area(user, day, facilitator="facilitator"))

    def counts_by_session(self) -> dict[int, Counter]:
        """{session id: Counter of statuses} in one query."""
        counts: dict[int, Counter] = {}
        rows = self.order_by().values("session_id", "status").annotate(n=Count("pk"))
        for row in rows:
            counts.setdefault(row["session_id"], Counter())[row["status"]] = row["n"]
        return counts

    def status_counts(self) -> Counter:
        """Counter of statuses over these rows, in one query."""
        rows = self.order_by().values("status").annotate(n=Count("pk"))
        return Counter({row["status"]: row["n"] for row in rows})


@dataclass(frozen=True)
class AttendanceTotals:
    """How many of those expected were present, excused, sick, absent or not yet recorded.

    `expected` counts facilitator-sessions: 30 invitees at a 3-session bimtek
    make 90.
    """

    expected: int
    present: int = 0
    excused: int = 0
    sick: int = 0
    absent: int = 0

    @classmethod
    def of(cls, counts: Counter, expected: int) -> "AttendanceTotals":
        status = Attendance.Status
        return cls(
            expected=expected,
            present=counts[status.PRESENT],
            excused=counts[status.EXCUSED],
            sick=counts[status.SICK],
            absent=counts[status.ABSENT],
        )

    def __add__(self, other: "AttendanceTotals") -> "AttendanceTotals":
        return AttendanceTotals(
            expected=self.expected + other.expected,
            present=self.present + other.present,
            excused=self.excused + other.excused,
            sick=self.sick + other.sick,
            absent=self.absent + other.absent,
        )

    @property
    def recorded(self) -> int:
        return self.present + self.excused + self.sick + self.absent

    @property
    def not_recorded(self) -> int:
        return max(self.expected - self.recorded, 0)

    @property
    def rate(self) -> float | None:
        return attendance_rate(self.present, self.recorded)

    @property
    def rate_text(self) -> str:
        return rate_label(self.rate)


def attendance_rate(present: int, recorded: int) -> float | None:
    """The attendance rate: present out of those recorded, as a fraction; None
    before anything is recorded (not 0: nobody was absent either)."""
    return present / recorded if recorded else None


def rate_label(rate: float | None) -> str:
    """The rate as every page and document shows it: a percentage with one decimal."""
    if rate is None:
        return "—"
    return f"{number_format(round(rate * 100, 1), 1, use_l10n=True)}%"


class Attendance(models.Model):
    """Whether one facilitator attended one session, as staff recorded it."""

    class Status(models.TextChoices):
        PRESENT = "hadir", _("Present (hadir)")
        EXCUSED = "izin", _("Excused (izin)")
        SICK = "sakit", _("Sick (sakit)")
        ABSENT = "tidak_hadir", _("Absent (tidak hadir)")

    session = models.ForeignKey(
        BriefingSession,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("session"),
    )
    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="attendances",
        verbose_name=_("facilitator"),
    )
    status = models.CharField(_("status"), max_length=11, choices=Status)
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "facilitator__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "facilitator"],
                name="one_attendance_per_facilitator_and_session",
                violation_error_message=_(
                    "Attendance for this facilitator at this session is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["hadir", "izin", "sakit", "tidak_hadir"]),
                name="attendance_status_known",
                violation_error_message=_("Unknown attendance status."),
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.session}: {self.get_status_display()}"

    @property
    def recorder_name(self) -> str:
        """Who recorded it, as people read it (select_related("recorded_by") first)."""
        user = self.recorded_by
        return (user.get_full_name() or user.username) if user else ""
