import base64
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.areas import area_of
from registry import validators
from registry.dates import RANGE_HELP, validate_register_date
from registry.fields import NameSortKeyField, PhoneNumberField
from registry.masking import mask_nik, mask_phone
from registry.periods import PeriodQuerySet


class KecamatanQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        # loaddata finds a kecamatan by the code dumpdata --natural-foreign wrote.
        return self.get(code=code)

    def visible_to(self, user):
        """The kecamatan of the user's area: within it, or holding a kelurahan of it."""
        return self.filter(area_of(user).reaching("code"))


class Kecamatan(models.Model):
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[validators.validate_kecamatan_code],
        help_text=_("Kemendagri code, for example 33.75.01."),
    )
    name = models.CharField(_("name"), max_length=100)

    objects = KecamatanQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=validators.KECAMATAN_CODE),
                name="kecamatan_code_well_formed",
                violation_error_message=validators.validate_kecamatan_code.message,
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class KelurahanQuerySet(models.QuerySet):
    def get_by_natural_key(self, code):
        # loaddata finds a kelurahan by the code dumpdata --natural-foreign wrote.
        return self.get(code=code)

    def visible_to(self, user):
        """The kelurahan of the user's area (all of them for the office)."""
        return self.filter(area_of(user).within("code"))

    def search(self, words: str):
        """Kelurahan whose name or code, or whose kecamatan's, matches the words."""
        words = words.strip()
        if not words:
            return self
        return self.filter(
            Q(name__icontains=words)
            | Q(code__startswith=words)
            | Q(kecamatan__name__icontains=words)
            | Q(kecamatan__code__startswith=words)
        )


class Kelurahan(models.Model):
    code = models.CharField(
        _("code"),
        max_length=13,
        unique=True,
        validators=[validators.validate_kelurahan_code],
        help_text=_("Kemendagri code, for example 33.75.01.1002."),
    )
    name = models.CharField(
        _("name"), max_length=100, validators=[validators.validate_no_control_characters]
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        related_name="kelurahan",
        verbose_name=_("kecamatan"),
    )
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        blank=True,
        default="",
        validators=[validators.validate_postal_code],
    )
    office_address = models.CharField(
        _("office address"),
        max_length=255,
        blank=True,
        default="",
        validators=[validators.validate_no_control_characters],
    )
    office_phone = PhoneNumberField(
        _("office phone"),
        max_length=30,
        blank=True,
        default="",
        validators=[validators.validate_any_phone],
    )
    office_email = models.EmailField(_("office e-mail"), blank=True, default="")

    objects = KelurahanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=validators.KELURAHAN_CODE),
                name="kelurahan_code_well_formed",
                violation_error_message=validators.validate_kelurahan_code.message,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("home:kelurahan-detail", args=[self.code])

    def natural_key(self):
        return (self.code,)

    def clean(self):
        if self.kecamatan_id and self.code and not self.code.startswith(self.kecamatan.code + "."):
            raise ValidationError(
                {
                    "code": _("The code of a kelurahan in %(kecamatan)s starts with %(prefix)s.")
                    % {"kecamatan": self.kecamatan, "prefix": self.kecamatan.code}
                }
            )


class Institution(models.Model):
    class Kind(models.TextChoices):
        LPM = "LPM", _("LPM (Lembaga Pemberdayaan Masyarakat)")
        BKM = "BKM", _("BKM (Badan Keswadayaan Masyarakat)")

    kelurahan = models.ForeignKey(
        Kelurahan,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("kelurahan"),
    )
    kind = models.CharField(_("kind"), max_length=3, choices=Kind)
    name = models.CharField(
        _("name"), max_length=150, validators=[validators.validate_no_control_characters]
    )
    chair = models.CharField(
        _("chair"),
        max_length=100,
        blank=True,
        default="",
        validators=[validators.validate_no_control_characters],
    )
    phone = PhoneNumberField(
        _("phone"),
        max_length=20,
        blank=True,
        default="",
        validators=[validators.validate_mobile_phone],
    )
    email = models.EmailField(_("e-mail"), blank=True, default="")
    address = models.CharField(
        _("address"),
        max_length=255,
        blank=True,
        default="",
        validators=[validators.validate_no_control_characters],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kelurahan__code", "kind"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "kind"],
                name="one_institution_of_each_kind_per_kelurahan",
                violation_error_message=_(
                    "This kelurahan already has an institution of this kind."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.kelurahan}"


def active_condition(day: datetime.date) -> Q:
    """Active on the day: not deactivated for that day."""
    deactivated = Deactivation.objects.on(day).filter(facilitator=models.OuterRef("pk"))
    return ~Q(models.Exists(deactivated))


def joined_condition(day: datetime.date) -> Q:
    """In the register by the day: joined on or before it, when the date is known."""
    return Q(joined_on__isnull=True) | Q(joined_on__lte=day)


class FacilitatorQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(active_condition(day))

    def inactive_on(self, day: datetime.date):
        return self.exclude(active_condition(day))

    def by_name(self):
        """The one order of people on every list, form, document and export."""
        return self.order_by(*Facilitator.NAME_ORDER)


class Facilitator(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Male")
        FEMALE = "P", _("Female")

    class Education(models.TextChoices):
        SMA = "SMA", _("Senior high school (SMA/SMK)")
        D3 = "D3", _("Diploma (D3)")
        S1 = "S1", _("Bachelor (S1/D4)")
        S2 = "S2", _("Master (S2)")

    name = models.CharField(
        _("name"), max_length=150, validators=[validators.validate_no_control_characters]
    )
    sort_name = NameSortKeyField(
        _("name as sorted"),
        max_length=150,
        source="name",
        help_text=_("The name without case or accents, by which people are listed."),
    )
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        blank=True,
        default="",
        validators=[validators.validate_nik],
        help_text=_("Population identity number: 16 digits, optional, unique."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex)
    phone = PhoneNumberField(
        _("phone"),
        max_length=20,
        blank=True,
        default="",
        validators=[validators.validate_mobile_phone],
    )
    email = models.EmailField(_("e-mail"), blank=True, default="")
    address = models.CharField(
        _("address"),
        max_length=255,
        blank=True,
        default="",
        validators=[validators.validate_no_control_characters],
    )
    education = models.CharField(
        _("education"), max_length=3, choices=Education, blank=True, default=""
    )
    joined_on = models.DateField(
        _("date joined"),
        null=True,
        blank=True,
        validators=[validate_register_date],
        help_text=RANGE_HELP,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitator",
        verbose_name=_("login account"),
        help_text=_("The account this facilitator signs in with, if any."),
    )

    objects = FacilitatorQuerySet.as_manager()
    # The sort key follows the name: recording it too would double every rename.
    history = HistoricalRecords(excluded_fields=["sort_name"])

    # People are ordered by name, case- and accent-insensitive, on screen and on
    # paper alike; related lists order by "facilitator__sort_name".
    NAME_ORDER = ("sort_name", "pk")

    class Meta:
        ordering = ["sort_name", "pk"]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        indexes = [models.Index(fields=["sort_name", "id"], name="facilitator_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["nik"],
                condition=~Q(nik=""),
                name="unique_nik_when_given",
                violation_error_message=_("Another facilitator already has this NIK."),
            ),
            models.CheckConstraint(
                condition=Q(nik="") | Q(nik__regex=validators.NIK),
                name="nik_sixteen_digits",
                violation_error_message=validators.validate_nik.message,
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # An edit that saves only the name saves its sort key with it.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home:facilitator-detail", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return Facilitator.objects.active_on(day).filter(pk=self.pk).exists()

    @property
    def masked_nik(self) -> str:
        """The NIK with all but its last four digits hidden, as lists show it."""
        return mask_nik(self.nik)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def mail_address(self) -> str:
        """Where mail to them goes: the address on the record, else the one on their
        account (select_related("user") where many are mailed)."""
        if self.email:
            return self.email
        return self.user.email if self.user_id else ""


class Deactivation(models.Model):
    """A period in which a facilitator is inactive, with its reason and decree.

    A facilitator is never deleted once posted or briefed: they are deactivated
    from a day, and reactivated later by ending the period.
    """

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        related_name="deactivations",
        verbose_name=_("facilitator"),
    )
    start_date = models.DateField(
        _("inactive from"),
        validators=[validate_register_date],
        help_text=_("The first day on which the facilitator is inactive."),
    )
    end_date = models.DateField(
        _("inactive until"),
        null=True,
        blank=True,
        validators=[validate_register_date],
        help_text=_("The last inactive day; empty while the facilitator stays inactive."),
    )
    reason = models.CharField(_("reason"), max_length=255)
    decree_number = models.CharField(
        _("decree number (nomor SK)"), max_length=100, blank=True, default=""
    )
    reactivation_note = models.CharField(
        _("note on reactivation"), max_length=255, blank=True, default=""
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

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("deactivation")
        verbose_name_plural = _("deactivations")
        indexes = [
            models.Index(fields=["facilitator", "start_date"], name="deactivation_facilitator"),
        ]
        constraints = [
            # At most one open period per facilitator; on PostgreSQL an exclusion
            # constraint (migration 0008) also forbids overlapping closed ones.
            models.UniqueConstraint(
                fields=["facilitator"],
                condition=Q(end_date__isnull=True),
                name="one_open_deactivation_per_facilitator",
                violation_error_message=_("This facilitator is already inactive."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="deactivation_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} — {self.start_date:%Y-%m-%d}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.facilitator_id and self.start_date:
            others = Deactivation.objects.filter(facilitator_id=self.facilitator_id).exclude(
                pk=self.pk
            )
            if others.overlapping(self.start_date, self.end_date).exists():
                raise ValidationError(
                    _("The facilitator is already inactive during part of that period.")
                )


class Disclosure(models.Model):
    """A record that someone was shown a facilitator's personal data in full (the
    NIK, or the payment details), and where. Every page, form and document that
    shows them whole records it (`registry.services.disclosure_record`)."""

    class Data(models.TextChoices):
        NIK = "nik", _("NIK")
        PAYMENT = "payment", _("Payment details")

    class Via(models.TextChoices):
        REVEAL = "reveal", _("Show full NIK on the facilitator's page")
        SEARCH = "search", _("Search by the whole NIK")
        EDIT_FORM = "edit", _("Facilitator edit form")
        ADMIN_FORM = "admin", _("Admin change form")
        ADMIN_HISTORY = "admin-history", _("Admin history of a version")
        PAYMENT_REVEAL = "payment-reveal", _("Show full payment details")
        PAYMENT_FORM = "payment-edit", _("Payment details form")
        HONORARIUM_LIST = "honorarium-list", _("Monthly honorarium list")
        DUPLICATE = "duplicate", _("A typed NIK found to be another facilitator's")

    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.CASCADE,
        related_name="disclosures",
        verbose_name=_("facilitator"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("seen by"),
    )
    at = models.DateTimeField(_("seen at"), default=timezone.now, db_index=True)
    data = models.CharField(_("data seen"), max_length=10, choices=Data, default=Data.NIK)
    via = models.CharField(_("seen through"), max_length=20, choices=Via, default=Via.REVEAL)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("disclosure of personal data")
        verbose_name_plural = _("disclosures of personal data")

    def __str__(self):
        return f"{self.user} — {self.facilitator} ({self.at:%Y-%m-%d %H:%M})"


class NumberSearch(models.Model):
    """One search of the register by a whole NIK or phone number, whatever it found.

    A found number is also a disclosure (a NIK) of the facilitator it found; a
    number that found nobody is recorded too, since guessing goes through many of
    those (a phone shows all but five digits, a NIK's birth date is easy to try).
    The number itself is never stored. These rows are also the count that limits
    such searches per account (`registry.services.number_search_allowed`).
    """

    class Kind(models.TextChoices):
        NIK = "nik", _("NIK")
        PHONE = "phone", _("Phone number")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("searched by"),
    )
    at = models.DateTimeField(_("searched at"), default=timezone.now)
    kind = models.CharField(_("number"), max_length=5, choices=Kind)
    found = models.PositiveIntegerField(
        _("facilitators found"), default=0, help_text=_("0: the number matched nobody.")
    )
    refused = models.BooleanField(
        _("refused"),
        default=False,
        help_text=_("Over the limit of searches by number: not run, not counted."),
    )

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "at"], name="number_search_user_at")]
        verbose_name = _("search by a whole number")
        verbose_name_plural = _("searches by a whole number")

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class ReportSettings(models.Model):
    """The letterhead (kop) and signature block printed on every report.

    One row only, kept in the database (not on disk) so that every app server
    prints the same letterhead; the administrator edits it in the admin.
    """

    LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
    LOGO_MAX_BYTES = 512 * 1024

    government = models.CharField(
        _("government"), max_length=150, default="PEMERINTAH KOTA PEKALONGAN"
    )
    office = models.CharField(
        _("office"),
        max_length=200,
        default="DINAS PEMBERDAYAAN MASYARAKAT, PEREMPUAN DAN PERLINDUNGAN ANAK",
    )
    address = models.CharField(
        _("address"),
        max_length=255,
        default="Kota Pekalongan, Jawa Tengah",
        help_text=_("The office's street address as it stands on the letterhead."),
    )
    contact = models.CharField(
        _("contact line"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("Telephone, e-mail and website, on one line under the address."),
    )
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    logo_type = models.CharField(_("logo type"), max_length=20, blank=True, default="")
    signature_place = models.CharField(_("place of signing"), max_length=100, default="Pekalongan")
    signature_position = models.TextField(
        _("position of the signer"),
        default="Kepala Bidang Pemberdayaan dan Kelembagaan Masyarakat",
        help_text=_('One or more lines, for example "a.n. Kepala Dinas" above the position.'),
    )
    signer_name = models.CharField(
        _("name of the signer"),
        max_length=150,
        blank=True,
        default="",
        help_text=_("Left empty, the report leaves a dotted line to write the name on."),
    )
    signer_nip = models.CharField(
        _("NIP of the signer"),
        max_length=21,
        blank=True,
        default="",
        validators=[validators.validate_nip],
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1),
                name="report_settings_single_row",
                violation_error_message=_("There is only one set of report settings."),
            ),
        ]

    def __str__(self):
        return str(_("Letterhead and signature block"))

    @classmethod
    def load(cls) -> "ReportSettings":
        """The one row, created with the defaults if it is missing."""
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    @property
    def logo_data_uri(self) -> str:
        """The logo inline (data: URI), so pages and PDFs need no file server."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(bytes(self.logo)).decode()}"
