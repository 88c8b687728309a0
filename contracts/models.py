"""The contract cycle: the decree or contract on file, the payment details, the
honorarium settings, the evaluation that decides renewal.

A contract (SK pengangkatan or kontrak kerja) covers one facilitator for a
period with a monthly honorarium; the contracts of one facilitator never
overlap (model validation first, and on PostgreSQL an exclusion constraint,
migration 0002). "In force on a day" and "overlapping" are `registry.periods`.
"""

import datetime
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.areas import area_of
from activities.models import next_month
from assignments.models import Assignment
from assignments.selectors import posted_in_area
from registry.dates import validate_register_date
from registry.masking import mask_account, mask_npwp
from registry.models import Facilitator
from registry.periods import PeriodQuerySet
from registry.validators import validate_nip, validate_no_control_characters

OVERLAP = _(
    "%(facilitator)s already has contract %(number)s from %(start)s to %(end)s: "
    "the contracts of one facilitator cannot overlap."
)
END_BEFORE_START = _("The end date cannot be before the start date.")
POSTING_OF_ANOTHER = _("The posting must be one of this facilitator's postings.")


class ContractQuerySet(PeriodQuerySet):
    def visible_to(self, user):
        """Contracts of the facilitators posted in the user's area on at least one day
        of the contract's period (every contract for the office): a contract stays with
        the area its facilitator served in under it, after they move on, and a
        contract of the reserve is the office's alone."""
        return self.filter(
            posted_in_area(
                user, OuterRef("start_date"), OuterRef("end_date"), facilitator="facilitator"
            )
        )

    def served_in(self, kecamatan):
        """Contracts of the facilitators posted in the kecamatan on at least one day of
        the contract's period: the kecamatan filter of the recap and of the renewal, the
        area's rule (`visible_to`) for one kecamatan. A facilitator who moved during the
        contract is in both kecamatan's, as their evaluation is of the whole period."""
        postings = Assignment.objects.filter(
            facilitator=OuterRef("facilitator"), kelurahan__kecamatan=kecamatan
        ).overlapping(OuterRef("start_date"), OuterRef("end_date"))
        return self.filter(Exists(postings))

    def for_list(self):
        return self.select_related("facilitator")

    def ending_between(self, first: datetime.date, last: datetime.date):
        """Contracts whose last day falls from `first` to `last`, soonest first."""
        return self.filter(end_date__gte=first, end_date__lte=last).order_by("end_date", "pk")

    def covering_month(self, month: datetime.date, last: datetime.date):
        """Contracts in force on at least one day of the month [month, last]."""
        return self.overlapping(month, last)


def document_path(instance, filename: str) -> str:
    # A random name: the uploaded name never reaches the storage and cannot be guessed.
    return f"contracts/{datetime.date.today():%Y/%m}/{uuid.uuid4().hex}.pdf"


class Contract(models.Model):
    """One decree or contract of one facilitator: its number, who signed it, its
    period and monthly honorarium, and the scanned document."""

    class Kind(models.TextChoices):
        DECREE = "sk", _("Decree of appointment (SK)")
        CONTRACT = "contract", _("Work contract")

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("facilitator"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.DECREE)
    number = models.CharField(
        _("number"),
        max_length=100,
        validators=[validate_no_control_characters],
        help_text=_("The decree or contract number, e.g. 800/012/DPMPPA/2024."),
    )
    signed_on = models.DateField(
        _("date signed"), validators=[validate_register_date], help_text=_("The decree's date.")
    )
    signed_by = models.CharField(
        _("signed by (position)"),
        max_length=200,
        default="Kepala Dinas",
        validators=[validate_no_control_characters],
    )
    start_date = models.DateField(_("start date"), validators=[validate_register_date])
    end_date = models.DateField(
        _("end date"),
        validators=[validate_register_date],
        help_text=_("The last day of the contract."),
    )
    monthly_honorarium = models.PositiveIntegerField(
        _("monthly honorarium (Rp)"), help_text=_("Whole rupiah, for a full month.")
    )
    posting = models.ForeignKey(
        Assignment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decrees",
        verbose_name=_("posting made by this decree"),
        help_text=_("Optional: the posting to a kelurahan this decree made."),
    )
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
        help_text=_("The contract this one renews; a contract is renewed once."),
    )
    document = models.FileField(_("scanned document"), upload_to=document_path, blank=True)
    document_size = models.PositiveIntegerField(
        _("document size in bytes"), default=0, editable=False
    )
    note = models.TextField(_("note"), blank=True, default="")
    renewed_against_evaluation = models.TextField(
        _("renewed against the evaluation, because"),
        blank=True,
        default="",
        help_text=_("Why this contract renews one whose evaluation recommended not to renew it."),
    )
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

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        permissions = [
            (
                "view_honorarium_list",
                _("Can see the monthly honorarium list with account numbers"),
            ),
            (
                "override_renewal",
                _("Can renew a contract whose evaluation recommends against it, with a reason"),
            ),
        ]
        indexes = [
            models.Index(fields=["facilitator", "start_date"], name="contract_facilitator_start"),
            models.Index(fields=["end_date"], name="contract_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="contract_end_not_before_start",
                violation_error_message=END_BEFORE_START,
            ),
            models.CheckConstraint(
                condition=Q(monthly_honorarium__gt=0),
                name="contract_honorarium_positive",
                violation_error_message=_("The monthly honorarium is more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.facilitator}"

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.pk])

    @property
    def period(self) -> str:
        return f"{date_format(self.start_date, 'j M Y')} – {date_format(self.end_date, 'j M Y')}"

    def days_left(self, day: datetime.date) -> int:
        return (self.end_date - day).days

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": END_BEFORE_START})
        if self.posting_id and self.posting.facilitator_id != self.facilitator_id:
            raise ValidationError({"posting": POSTING_OF_ANOTHER})

    def validate_constraints(self, exclude=None):
        # The overlap first, with a message that names the contract in the way.
        if error := self.overlap_error():
            raise ValidationError(error)
        super().validate_constraints(exclude=exclude)

    def overlap_error(self) -> str | None:
        if not (self.facilitator_id and self.start_date and self.end_date):
            return None
        clash = (
            Contract.objects.filter(facilitator_id=self.facilitator_id)
            .exclude(pk=self.pk)
            .overlapping(self.start_date, self.end_date)
            .select_related("facilitator")
            .first()
        )
        if clash is None:
            return None
        return OVERLAP % {
            "facilitator": clash.facilitator.name,
            "number": clash.number,
            "start": date_format(clash.start_date, "j F Y"),
            "end": date_format(clash.end_date, "j F Y"),
        }


validate_account_number = RegexValidator(
    r"^\d{5,20}$", _("An account number is 5 to 20 digits, without spaces or dots.")
)
validate_npwp = RegexValidator(
    r"^(\d{15}|\d{16})$",
    _("An NPWP is 15 digits, or the 16 digits of the NIK used as NPWP; digits only."),
)


class PaymentDetails(models.Model):
    """Where a facilitator's honorarium is paid, and their tax number: personal data,
    masked in every list, shown whole only on the honorarium list and to staff who
    ask (each time recorded as a registry.Disclosure)."""

    facilitator = models.OneToOneField(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="payment_details",
        verbose_name=_("facilitator"),
    )
    bank_name = models.CharField(
        _("bank"),
        max_length=100,
        validators=[validate_no_control_characters],
        help_text=_("For example Bank Jateng."),
    )
    account_number = models.CharField(
        _("account number"), max_length=20, validators=[validate_account_number]
    )
    account_holder = models.CharField(
        _("account holder"),
        max_length=150,
        validators=[validate_no_control_characters],
        help_text=_("The name on the account, as the bank has it."),
    )
    npwp = models.CharField(
        _("NPWP"),
        max_length=16,
        blank=True,
        default="",
        validators=[validate_npwp],
        help_text=_("Tax number; without one, tax is withheld at the higher rate."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("payment details")
        verbose_name_plural = _("payment details")
        constraints = [
            models.CheckConstraint(
                condition=Q(account_number__regex=r"^[0-9]{5,20}$"),
                name="payment_account_number_digits",
                violation_error_message=validate_account_number.message,
            ),
        ]

    def __str__(self):
        return f"{self.bank_name} {self.masked_account}"

    @property
    def masked_account(self) -> str:
        return mask_account(self.account_number)

    @property
    def masked_npwp(self) -> str:
        return mask_npwp(self.npwp)


# Money that keeps its day ----------------------------------------------------------

# The rates in force when the administrator has dated none (README, "Tax").
DEFAULT_TAX_RATE = Decimal("5.00")
DEFAULT_TAX_RATE_WITHOUT_NPWP = Decimal("6.00")
RATE_NOT_FIRST_OF_MONTH = _(
    "A tax rate takes effect on the first day of a month, so that a month is taxed at one rate."
)
RATE_OF_ISSUED_MONTH = _(
    "The honorarium list of %(month)s was issued with the rate in force then: a rate can "
    "only take effect from a month whose list has not been issued (from %(next)s)."
)


class DatedQuerySet(models.QuerySet):
    def in_force(self, day: datetime.date):
        """The row in force on the day: the latest that took effect on or before it."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class TaxRate(models.Model):
    """The PPh 21 rates from a month on: a month's honorarium list is taxed at the rates
    in force in that month, whenever it is made. Added, never changed once a list of a
    month it covers was issued (services.tax_rate_save)."""

    valid_from = models.DateField(
        _("in force from"),
        unique=True,
        validators=[validate_register_date],
        help_text=_("The first day of the first month taxed at these rates."),
    )
    rate_with_npwp = models.DecimalField(
        _("tax rate with NPWP (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_TAX_RATE,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("PPh 21 withheld from the gross honorarium of a holder of an NPWP."),
    )
    rate_without_npwp = models.DecimalField(
        _("tax rate without NPWP (%)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_TAX_RATE_WITHOUT_NPWP,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Without an NPWP the law withholds 20% more: 6% where the rate is 5%."),
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_with_npwp__gte=0, rate_with_npwp__lte=100)
                & Q(rate_without_npwp__gte=0, rate_without_npwp__lte=100),
                name="tax_rates_in_range",
                violation_error_message=_("A tax rate is between 0 and 100%."),
            ),
        ]

    def __str__(self):
        return f"{self.rate_with_npwp}% / {self.rate_without_npwp}% ({self.valid_from:%m/%Y})"

    def clean(self):
        if not self.valid_from:
            return
        if self.valid_from.day != 1:
            raise ValidationError({"valid_from": RATE_NOT_FIRST_OF_MONTH})
        # A rate in force for a month whose list was issued is never changed: neither a
        # new rate from such a month nor a change of a rate that covers one.
        first = self.valid_from
        if self.pk and (before := TaxRate.objects.filter(pk=self.pk).first()):
            first = min(first, before.valid_from)
        issued = IssuedHonorariumList.objects.filter(month__gte=first).order_by("-month").first()
        if issued is not None:
            raise ValidationError(
                RATE_OF_ISSUED_MONTH
                % {
                    "month": date_format(issued.month, "F Y"),
                    "next": date_format(next_month(issued.month), "F Y"),
                }
            )

    @classmethod
    def of_month(cls, month: datetime.date) -> "TaxRate":
        """The rates the month's list is taxed at (the defaults when none is dated)."""
        return cls.objects.in_force(month) or cls(valid_from=month)

    def for_npwp(self, npwp: str) -> Decimal:
        return self.rate_with_npwp if npwp else self.rate_without_npwp


class HonorariumSigners(models.Model):
    """The three signers of the honorarium list from a day on: a list prints those in
    force on its day (an issued list, those of the day it was issued, kept with it)."""

    valid_from = models.DateField(
        _("in force from"), unique=True, validators=[validate_register_date]
    )
    head_position = models.TextField(
        _("position of the head of office"),
        default="Kepala Dinas Pemberdayaan Masyarakat, Perempuan dan Perlindungan Anak "
        "Kota Pekalongan",
    )
    head_name = models.CharField(_("name of the head of office"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("NIP of the head of office"), max_length=21, blank=True, validators=[validate_nip]
    )
    commitment_officer_position = models.TextField(
        _("position of the commitment officer"), default="Pejabat Pembuat Komitmen"
    )
    commitment_officer_name = models.CharField(
        _("name of the commitment officer"), max_length=150, blank=True
    )
    commitment_officer_nip = models.CharField(
        _("NIP of the commitment officer"), max_length=21, blank=True, validators=[validate_nip]
    )
    treasurer_position = models.TextField(
        _("position of the treasurer"), default="Bendahara Pengeluaran"
    )
    treasurer_name = models.CharField(_("name of the treasurer"), max_length=150, blank=True)
    treasurer_nip = models.CharField(
        _("NIP of the treasurer"), max_length=21, blank=True, validators=[validate_nip]
    )

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("signers of the honorarium list")
        verbose_name_plural = _("signers of the honorarium list")

    def __str__(self):
        return f"{_('Signers of the honorarium list')} ({self.valid_from:%d/%m/%Y})"

    @classmethod
    def on(cls, day: datetime.date) -> "HonorariumSigners":
        """The signers in force on the day (the default positions, no names, when none)."""
        return cls.objects.in_force(day) or cls(valid_from=day)


class IssuedHonorariumList(models.Model):
    """The honorarium list of a month as it was issued for payment: its lines, rates
    and signers kept as they were printed, with their SHA-256, so that every later
    download is the same document (services.honorarium_list_issue)."""

    month = models.DateField(_("month"), unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    content = models.JSONField(_("content"))
    digest = models.CharField(_("SHA-256 of the content"), max_length=64)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("issued honorarium list")
        verbose_name_plural = _("issued honorarium lists")

    def __str__(self):
        return f"{_('Honorarium list')} {self.month:%m/%Y}"


class HonorariumListDownload(models.Model):
    """Who opened or downloaded the honorarium list of which month, in which form:
    it carries account numbers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    month = models.DateField(_("month"))
    form = models.CharField(_("form"), max_length=4)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("honorarium list download")
        verbose_name_plural = _("honorarium list downloads")

    def __str__(self):
        return f"{self.user} — {self.month:%m/%Y} ({self.form})"


# Evaluation --------------------------------------------------------------------


# The default criteria (migration 0002, seed_demo): the issue's five, equal weights.
DEFAULT_CRITERIA = [
    "Administrasi dan pelaporan",
    "Kepatuhan terhadap aturan",
    "Kemampuan fasilitasi",
    "Keaktifan",
    "Hasil kerja",
]
DEFAULT_WEIGHT = 20


class Criterion(models.Model):
    """A criterion of the performance evaluation and its weight (administrator)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Weights are relative: the final score is the weighted mean of the scores."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("A criterion no longer in use stays on the evaluations that used it."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100),
                name="criterion_weight_1_to_100",
                violation_error_message=_("A weight is between 1 and 100."),
            ),
        ]

    def __str__(self):
        return self.name


def weighted_score(scores: list[tuple[int, int]]) -> Decimal:
    """The final score: the mean of the scores weighted by their weights, (score,
    weight) pairs, to two decimals, halves up. The one formula of every page."""
    total_weight = sum(weight for _score, weight in scores)
    if not total_weight:
        return Decimal(0)
    value = Decimal(sum(score * weight for score, weight in scores)) / total_weight
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The evaluations of the contracts the user may see (`ContractQuerySet.visible_to`)."""
        if area_of(user).whole:
            return self
        return self.filter(contract__in=Contract.objects.visible_to(user))


class Evaluation(models.Model):
    """The performance evaluation (penilaian kinerja) of one contract period."""

    class Recommendation(models.TextChoices):
        RENEW = "renew", _("Renew")
        RENEW_WITH_NOTES = "renew_notes", _("Renew with notes")
        DO_NOT_RENEW = "no_renewal", _("Do not renew")

    RENEWING = (Recommendation.RENEW, Recommendation.RENEW_WITH_NOTES)

    contract = models.OneToOneField(
        Contract,
        on_delete=models.PROTECT,
        related_name="evaluation",
        verbose_name=_("contract"),
    )
    evaluated_on = models.DateField(_("evaluated on"), validators=[validate_register_date])
    # The register's figures as the evaluator saw them (selectors.evaluation_indicators).
    months_posted = models.PositiveSmallIntegerField(_("months posted"), default=0)
    reports_approved = models.PositiveSmallIntegerField(_("monthly reports approved"), default=0)
    reports_on_time = models.PositiveSmallIntegerField(_("monthly reports on time"), default=0)
    activities = models.PositiveIntegerField(_("activities logged"), default=0)
    sessions_present = models.PositiveIntegerField(_("briefing sessions present"), default=0)
    sessions_recorded = models.PositiveIntegerField(_("briefing sessions recorded"), default=0)
    comment = models.TextField(_("comment"), blank=True, default="")
    recommendation = models.CharField(_("recommendation"), max_length=12, choices=Recommendation)
    final_score = models.DecimalField(
        _("final score"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Computed from the scores and the weights, never typed."),
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-contract__end_date", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        permissions = [("fill_evaluation", _("Can fill in performance evaluations"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(final_score__gte=0, final_score__lte=100),
                name="evaluation_score_0_to_100",
            ),
        ]

    def __str__(self):
        return f"{_('Evaluation')} {self.contract}"

    def get_absolute_url(self):
        return reverse("contracts:evaluation-sheet", args=[self.pk])

    @property
    def renews(self) -> bool:
        return self.recommendation in self.RENEWING


class EvaluationScore(models.Model):
    """One criterion's score (1–100) with the weight it had when it was given."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    weight = models.PositiveSmallIntegerField(_("weight"))
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=100),
                name="evaluation_score_1_to_100",
                violation_error_message=_("A score is between 1 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"
