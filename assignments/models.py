import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.areas import area_of
from registry.dates import validate_register_date
from registry.models import Facilitator, Kelurahan
from registry.periods import PeriodQuerySet, in_force_on

KELURAHAN_TAKEN = _(
    "Kelurahan %(kelurahan)s already has facilitator %(facilitator)s "
    "in that period (posted since %(start)s)."
)
FACILITATOR_TAKEN = _(
    "Facilitator %(facilitator)s is already posted to kelurahan %(kelurahan)s "
    "in that period (since %(start)s)."
)
END_BEFORE_START = _("The end date cannot be before the start date.")


class AssignmentQuerySet(PeriodQuerySet):
    """A posting in force on day D started on or before D and has not ended
    before D (`registry.periods`). This is what "current" means everywhere: a
    posting or a release dated in the future changes nothing until its day."""

    def visible_to(self, user):
        """Postings to the kelurahan of the user's area, whatever their dates: the
        area's posting history (all of them for the office)."""
        return self.filter(area_of(user).within("kelurahan__code"))

    def current(self):
        """Postings in force today (Asia/Jakarta)."""
        return self.on(timezone.localdate())

    def with_state(self, day: datetime.date):
        """Annotated with `in_force` and `scheduled` (starts later) on the day, as
        the timelines mark them."""
        return self.annotate(
            in_force=models.ExpressionWrapper(in_force_on(day), output_field=models.BooleanField()),
            scheduled=models.ExpressionWrapper(
                Q(start_date__gt=day), output_field=models.BooleanField()
            ),
        )

    def for_roster(self):
        return self.select_related("facilitator", "kelurahan__kecamatan")


class Assignment(models.Model):
    """One posting of one facilitator to one kelurahan (their wilayah binaan)."""

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("facilitator"),
    )
    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("kelurahan"),
    )
    start_date = models.DateField(_("start date"), validators=[validate_register_date])
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        validators=[validate_register_date],
        help_text=_("Empty while the posting is current."),
    )
    decree_number = models.CharField(
        _("decree number (nomor SK)"), max_length=100, blank=True, default=""
    )
    end_decree_number = models.CharField(
        _("decree number ending the posting"), max_length=100, blank=True, default=""
    )
    note = models.TextField(_("note"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssignmentQuerySet.as_manager()
    # updated_at changes with every save and says nothing the history row does not.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [
            models.Index(fields=["kelurahan", "start_date"], name="assignment_kelurahan_start"),
            models.Index(fields=["facilitator", "start_date"], name="assignment_facilitator_start"),
            # The facilitators posted in a month, in facilitator order from the index
            # alone (no row read): the count of the honorarium list of a whole month.
            models.Index(
                fields=["facilitator", "start_date", "end_date"],
                name="assignment_facilitator_period",
            ),
            # The dashboard's "recent posting changes".
            models.Index(fields=["-updated_at"], name="assignment_recently_changed"),
        ]
        constraints = [
            # A kelurahan has at most one facilitator, and a facilitator at most
            # one kelurahan, at any moment. On PostgreSQL an exclusion constraint
            # (migration 0002) also forbids overlapping closed periods.
            models.UniqueConstraint(
                fields=["kelurahan"],
                condition=Q(end_date__isnull=True),
                name="one_current_posting_per_kelurahan",
                violation_error_message=_("This kelurahan already has a current facilitator."),
            ),
            models.UniqueConstraint(
                fields=["facilitator"],
                condition=Q(end_date__isnull=True),
                name="one_current_posting_per_facilitator",
                violation_error_message=_("This facilitator already has a current posting."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_end_not_before_start",
                violation_error_message=END_BEFORE_START,
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.kelurahan} ({self.period})"

    @property
    def period(self) -> str:
        start = date_format(self.start_date, "j M Y")
        if self.end_date is None:
            return _("since %(start)s") % {"start": start}
        return f"{start} – {date_format(self.end_date, 'j M Y')}"

    @property
    def release_scheduled(self) -> bool:
        """In force with a last day set (`with_state` first): the release can
        still be cancelled."""
        return self.in_force and self.end_date is not None

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": END_BEFORE_START})

    def validate_constraints(self, exclude=None):
        # Overlaps are checked first so the message names who is in conflict;
        # the database constraints' own messages would only repeat it, less clearly.
        errors = self.overlap_errors()
        if errors:
            raise ValidationError(errors)
        super().validate_constraints(exclude=exclude)

    def overlap_errors(self) -> list[ValidationError]:
        if self.start_date is None:
            return []
        others = Assignment.objects.exclude(pk=self.pk).overlapping(self.start_date, self.end_date)
        errors = []
        if self.kelurahan_id:
            clash = others.filter(kelurahan_id=self.kelurahan_id).select_related(
                "facilitator", "kelurahan"
            )
            if clash := clash.first():
                errors.append(ValidationError(KELURAHAN_TAKEN % clash.message_args()))
        if self.facilitator_id:
            clash = others.filter(facilitator_id=self.facilitator_id).select_related(
                "facilitator", "kelurahan"
            )
            if clash := clash.first():
                errors.append(ValidationError(FACILITATOR_TAKEN % clash.message_args()))
        return errors

    def message_args(self) -> dict:
        return {
            "facilitator": self.facilitator.name,
            "kelurahan": self.kelurahan.name,
            "start": date_format(self.start_date, "j F Y"),
        }
