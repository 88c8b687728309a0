from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models import Facilitator


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
    date = models.DateField(_("date"))
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
