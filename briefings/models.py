import datetime
import math
import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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

    def __init__(self, queryset, **extra):
        # Unordered: a model's default ordering (attendance by session and name) would
        # join and sort every counted row, 2,000 per briefing, for nothing.
        super().__init__(queryset.order_by(), **extra)


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
    letter_number = models.CharField(
        _("number of the invitation letter"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("For example 005/123/DPMPPA/2024. Left empty, the letter has a dotted line."),
    )
    letter_date = models.DateField(
        _("date of the invitation letter"),
        null=True,
        blank=True,
        validators=[validate_register_date],
        help_text=_("Left empty, the letter is dated on the day it is printed."),
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("attendance opens (minutes before the start)"),
        default=15,
        validators=[MaxValueValidator(240)],
        help_text=_(
            "Attendance, by staff or by the facilitators' QR check-in, is taken from this "
            "many minutes before a session starts; check-in closes when it ends."
        ),
    )
    certificate_share = models.PositiveSmallIntegerField(
        _("attendance needed for a certificate (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "The share of the sessions a facilitator must attend (hadir) to receive a "
            "certificate: 100 means every session."
        ),
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

    def sessions_needed(self, session_count: int) -> int:
        """How many sessions one must attend for a certificate (rounded up: 2 of 3
        at 50 %)."""
        return max(1, math.ceil(session_count * self.certificate_share / 100))


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

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.date, self.end_time, tzinfo=timezone.get_default_timezone()
        )

    @property
    def opens_at(self) -> datetime.datetime:
        """When attendance opens: the briefing's minutes before the start (reads
        self.briefing: select_related it)."""
        return self.starts_at - datetime.timedelta(minutes=self.briefing.checkin_opens_minutes)

    def is_open(self, now: datetime.datetime) -> bool:
        """Attendance may be recorded (by staff, at any time after this)."""
        return now >= self.opens_at

    def check_in_open(self, now: datetime.datetime) -> bool:
        """Facilitators may check in: from the opening until the session ends."""
        return self.opens_at <= now <= self.ends_at


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
    checked_in = models.BooleanField(
        _("self check-in"),
        default=False,
        help_text=_("Recorded by the facilitator scanning the session's QR code, at that time."),
    )

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "facilitator__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        indexes = [
            # The briefing list's totals, recorded and present, from the index alone.
            models.Index(fields=["session", "status"], name="attendance_session_status"),
            # The last saved row of a session (the detail page, the form) without
            # sorting all of its rows.
            models.Index(
                fields=["session", "recorded_at", "id"], name="attendance_session_recorded"
            ),
        ]
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


# Briefing day: invitations, excused absence, certificates ---------------------


class InvitationMail(models.Model):
    """One invitation queued for mailing to one invitee: to which address, when and
    by whom. A second sending is recorded as another row."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="invitation_mails"
    )
    facilitator = models.ForeignKey(Facilitator, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-mail"))
    queued_at = models.DateTimeField(_("sent"), default=timezone.now)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("invitation mail")
        verbose_name_plural = _("invitation mails")
        indexes = [models.Index(fields=["briefing", "facilitator"], name="invitation_mail_invitee")]

    def __str__(self):
        return f"{self.briefing} — {self.email}"


def letter_path(instance, filename: str) -> str:
    # Random names, as for the activity files: an uploaded name never reaches the storage.
    extension = {"image/jpeg": "jpg", "application/pdf": "pdf"}.get(instance.letter_type, "bin")
    return f"briefings/letters/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class AbsenceRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests of the facilitators posted in the user's area on the session's day."""
        day = OuterRef("session__date")
        return self.filter(posted_in_area(user, day, facilitator="facilitator"))


class AbsenceRequest(models.Model):
    """A facilitator says in advance that they will be excused (izin) or are sick
    (sakit) for a session, with a reason and perhaps a letter; staff of their area
    accept it or refuse it with a reason, ahead of the day (`absence_request_decide`)
    or on the attendance form; an accepted request fills the attendance form."""

    class Kind(models.TextChoices):
        EXCUSED = Attendance.Status.EXCUSED.value, Attendance.Status.EXCUSED.label
        SICK = Attendance.Status.SICK.value, Attendance.Status.SICK.label

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(
        BriefingSession,
        on_delete=models.PROTECT,
        related_name="absence_requests",
        verbose_name=_("session"),
    )
    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="absence_requests",
        verbose_name=_("facilitator"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind)
    reason = models.TextField(_("reason"), max_length=500)
    letter = models.FileField(_("letter"), upload_to=letter_path, max_length=200, blank=True)
    letter_type = models.CharField(_("letter's content type"), max_length=50, blank=True)
    letter_size = models.PositiveIntegerField(_("letter's size in bytes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=9, choices=State, default=State.PENDING)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(
        _("reason for the decision"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Told to the facilitator; a refusal always says why."),
    )

    objects = AbsenceRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("excused-absence request")
        verbose_name_plural = _("excused-absence requests")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "facilitator"],
                condition=Q(state__in=["pending", "accepted"]),
                name="one_open_absence_request_per_session",
                violation_error_message=_(
                    "You already have a request for this session. Withdraw it first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["izin", "sakit"]),
                name="absence_request_kind_known",
                violation_error_message=_("A request is for izin or sakit."),
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.session}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("briefings:absence-letter", args=[self.pk])

    @property
    def letter_is_photo(self) -> bool:
        return self.letter_type == "image/jpeg"


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Certificates of the facilitators posted in the user's area on the
        briefing's first day (those invited "from the area")."""
        if is_office(user):
            return self
        return self.annotate(day=first_day("briefing")).filter(
            posted_in_area(user, OuterRef("day"), facilitator="facilitator")
        )


class Certificate(models.Model):
    """A certificate (sertifikat) of attendance, with a number and a random code
    that anyone may verify on the public page; withdrawn, it is no longer valid."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("briefing")
    )
    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("facilitator"),
    )
    number = models.CharField(_("number"), max_length=60, unique=True)
    code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        help_text=_("Random: the verification page cannot be reached by counting numbers."),
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # What the certificate says, as it was on the day it was issued: a session added
    # or a title changed afterwards does not rewrite a certificate already given.
    title = models.CharField(
        _("briefing's title"),
        max_length=200,
        help_text=_("The briefing's title on the day the certificate was issued."),
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True, default="")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(
        _("last day"), help_text=_("The briefing's last day when issued: the day it is signed.")
    )
    minutes = models.PositiveIntegerField(_("length in minutes"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.CharField(
        _("reason for the withdrawal"), max_length=200, blank=True, default=""
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["briefing", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "facilitator"],
                name="one_certificate_per_briefing_and_facilitator",
                violation_error_message=_("This facilitator already has a certificate."),
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("briefings:certificate-verify", args=[self.code])

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None
