"""The facilitator's work: activity entries, their files, and the monthly report.

A monthly report (laporan bulanan) belongs to one facilitator and one month;
its activities are the facilitator's finished entries dated in that month.
Every change of its state goes through activities.services and is recorded
as a ReportTransition.
"""

import calendar
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assignments.selectors import posted_in_area_during_month
from registry.models import Facilitator, Kelurahan


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def next_month(month: datetime.date) -> datetime.date:
    return month_end(month) + datetime.timedelta(days=1)


def month_is_over(month: datetime.date, *, today: datetime.date) -> bool:
    """A month is over after its last day: only then is its report verified and
    approved and its honorarium paid. Every way in asks this one function."""
    return today > month_end(month)


def months_before(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months before `month`."""
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)


# The kinds of activity the office counts (migration 0002, seed_demo); administrators
# add more in the admin.
DEFAULT_ACTIVITY_KINDS = [
    "Rapat/musyawarah",
    "Pendampingan administrasi kelembagaan",
    "Monitoring kegiatan",
    "Pelatihan",
    "Koordinasi",
    "Musrenbang kelurahan",
    "Lainnya",
]


class ActivityKindManager(models.Manager):
    def get_by_natural_key(self, name):
        # loaddata finds a kind by the name dumpdata --natural-foreign wrote.
        return self.get(name=name)


class ActivityKind(models.Model):
    """A kind of activity the office counts in its recap; the list is kept in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Kinds are listed in this order.")
    )
    active = models.BooleanField(
        _("offered"),
        default=True,
        help_text=_("A kind no longer offered stays on the entries that use it."),
    )

    objects = ActivityKindManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("activity kind")
        verbose_name_plural = _("activity kinds")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.name,)


class ReportingSettings(models.Model):
    """When monthly reports open, fall due and close, set by the administrator (one row)."""

    deadline_day = models.PositiveSmallIntegerField(
        _("deadline day"),
        default=5,
        help_text=_(
            "A month's report is due on this day of the next month; submitted later, it is late."
        ),
    )
    submit_days_early = models.PositiveSmallIntegerField(
        _("days before the month's end a report may be submitted"),
        default=0,
        help_text=_(
            "0: a month's report can be submitted from the month's last day. It is verified "
            "and approved only once the month is over, whatever this says."
        ),
    )
    open_months = models.PositiveSmallIntegerField(
        _("months open for logging"),
        default=3,
        help_text=_(
            "Besides the current month, how many past months a facilitator may still log "
            "and report on. An older month must be opened for late entry by staff of the "
            "area, with a reason."
        ),
    )

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="reporting_settings_single_row"),
            models.CheckConstraint(
                condition=Q(deadline_day__gte=1, deadline_day__lte=28),
                name="reporting_deadline_day_in_every_month",
                violation_error_message=_("The deadline day is between 1 and 28."),
            ),
            models.CheckConstraint(
                condition=Q(submit_days_early__lte=27),
                name="reporting_submit_early_within_month",
                violation_error_message=_(
                    "A report can be submitted at most 27 days before its month's end."
                ),
            ),
            models.CheckConstraint(
                condition=Q(open_months__gte=1, open_months__lte=120),
                name="reporting_open_months_range",
                violation_error_message=_("Between 1 and 120 past months stay open for logging."),
            ),
        ]

    def __str__(self):
        return str(_("Reporting settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ReportingSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def deadline_of(self, month: datetime.date) -> datetime.date:
        return next_month(month).replace(day=self.deadline_day)

    def submission_opens(self, month: datetime.date) -> datetime.date:
        """The first day a month's report can be submitted: its last day, or a few
        days earlier when the office says so."""
        return month_end(month) - datetime.timedelta(days=self.submit_days_early)

    def oldest_open_month(self, today: datetime.date) -> datetime.date:
        """Months before this one are closed for logging on `today` unless opened."""
        return months_before(month_start(today), self.open_months)


class ActivityEntryQuerySet(models.QuerySet):
    def of_month(self, month: datetime.date):
        return self.filter(date__gte=month, date__lte=month_end(month))

    def finished(self):
        return self.filter(is_draft=False)

    def for_list(self):
        return self.select_related("kind", "kelurahan").order_by("-date", "-pk")


class ActivityEntry(models.Model):
    """One day's work of a facilitator in the kelurahan of their posting on that day."""

    class Accompanied(models.TextChoices):
        LPM = "LPM", _("LPM")
        BKM = "BKM", _("BKM")
        KELURAHAN = "kelurahan", _("Kelurahan office")
        COMMUNITY = "community", _("RT/RW or community group")
        OTHER = "other", _("Other")

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="activity_entries",
        verbose_name=_("facilitator"),
    )
    date = models.DateField(_("date"))
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        related_name="activity_entries",
        verbose_name=_("kelurahan"),
        help_text=_("The kelurahan of the facilitator's posting on that date."),
    )
    accompanied = models.CharField(_("accompanied"), max_length=20, choices=Accompanied)
    accompanied_detail = models.CharField(
        _("who exactly"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("For example RW 05 or Kelompok Wanita Tani Melati."),
    )
    kind = models.ForeignKey(
        ActivityKind, on_delete=models.PROTECT, related_name="entries", verbose_name=_("kind")
    )
    description = models.TextField(_("description"))
    result = models.TextField(_("result and follow-up"), blank=True, default="")
    participants = models.PositiveIntegerField(_("participants"), default=0)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Hours spent, for example 2.5."),
    )
    is_draft = models.BooleanField(
        _("draft"),
        default=True,
        help_text=_("Drafts are kept for you and left out of the monthly report."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivityEntryQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["facilitator", "date"], name="activity_facilitator_date"),
            models.Index(fields=["kelurahan", "-date"], name="activity_kelurahan_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=24),
                name="activity_hours_in_a_day",
                violation_error_message=_("Hours are between 0 and 24."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.kind} — {self.facilitator}"

    def get_absolute_url(self):
        return reverse("activities:entry-update", args=[self.pk])

    @property
    def month(self) -> datetime.date:
        return month_start(self.date)

    @property
    def accompanied_text(self) -> str:
        label = str(self.get_accompanied_display())
        return f"{label}: {self.accompanied_detail}" if self.accompanied_detail else label


def attachment_path(instance, filename: str) -> str:
    # Random names: an uploaded name never reaches the storage, and names cannot be guessed.
    extension = {"image/jpeg": "jpg", "application/pdf": "pdf"}.get(instance.content_type, "bin")
    return f"activities/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A photo (re-encoded without EXIF) or a PDF document of an activity."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    entry = models.ForeignKey(
        ActivityEntry,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("activity"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True, default="")
    original_name = models.CharField(_("original name"), max_length=200, blank=True, default="")
    taken_at = models.DateTimeField(
        _("taken at"),
        null=True,
        blank=True,
        help_text=_("From the photo's own record of when it was taken, where it had one."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.caption or self.original_name or self.get_kind_display()

    def get_absolute_url(self):
        return reverse("activities:attachment", args=[self.pk])

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO


class MonthlyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reports of the facilitators posted in the user's area during the report's
        month (every report for the office): a month's report stays with the area
        its facilitator worked in, after they move on."""
        return self.filter(
            posted_in_area_during_month(user, models.OuterRef("month"), facilitator="facilitator")
        )

    def for_inbox(self):
        return (
            self.filter(state=MonthlyReport.State.SUBMITTED)
            .select_related("facilitator", "kelurahan__kecamatan")
            .order_by("submitted_at", "pk")
        )


class MonthlyReport(models.Model):
    """Laporan bulanan: one facilitator's report of one month."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VERIFIED = "verified", _("Verified")
        APPROVED = "approved", _("Approved")

    EDITABLE = (State.DRAFT, State.RETURNED)

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name=_("facilitator"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported on."))
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monthly_reports",
        verbose_name=_("kelurahan"),
        help_text=_("The kelurahan of the posting at the end of the month (or on submission)."),
    )
    problems = models.TextField(_("problems and solutions"), blank=True, default="")
    plan = models.TextField(_("plan for next month"), blank=True, default="")
    summary = models.TextField(_("summary"), blank=True, default="")
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    late = models.BooleanField(
        _("late"), default=False, help_text=_("First submitted after the deadline.")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "facilitator__name"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        permissions = [
            ("verify_monthlyreport", _("Can verify and return monthly reports")),
            ("approve_monthlyreport", _("Can approve verified monthly reports")),
        ]
        indexes = [
            models.Index(fields=["month", "state"], name="report_month_state"),
            # The inbox's two lists, oldest first, among a year of a national register.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state="submitted"),
                name="report_waiting_check",
            ),
            models.Index(
                fields=["verified_at", "id"],
                condition=Q(state="verified"),
                name="report_waiting_approval",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "month"],
                name="one_report_per_facilitator_month",
                violation_error_message=_("This facilitator already has a report for this month."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="report_month_is_first_day",
                violation_error_message=_("A report's month is given by its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.month:%m/%Y}"

    def get_absolute_url(self):
        return reverse("activities:review", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE

    def entries(self):
        return (
            ActivityEntry.objects.filter(facilitator=self.facilitator_id)
            .of_month(self.month)
            .finished()
        )


class ReportTransition(models.Model):
    """One change of a report's state: who, when, from, to, and the comment."""

    report = models.ForeignKey(
        MonthlyReport,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("report"),
    )
    from_state = models.CharField(_("from"), max_length=10, choices=MonthlyReport.State)
    to_state = models.CharField(_("to"), max_length=10, choices=MonthlyReport.State)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, default="")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("report state change")
        verbose_name_plural = _("report state changes")

    def __str__(self):
        return f"{self.report}: {self.from_state} → {self.to_state}"


class MonthOpening(models.Model):
    """A month closed for logging (older than `ReportingSettings.open_months`),
    opened again for one facilitator by staff of the area, with the reason."""

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="month_openings",
        verbose_name=_("facilitator"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month opened."))
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        verbose_name = _("month opened for late entry")
        verbose_name_plural = _("months opened for late entry")
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "month"],
                name="one_opening_per_facilitator_month",
                violation_error_message=_("This month is already open for this facilitator."),
            ),
            models.CheckConstraint(
                condition=Q(month__day=1),
                name="opening_month_is_first_day",
                violation_error_message=_("A month is given by its first day."),
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.month:%m/%Y}"
