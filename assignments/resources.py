"""The facilitator list as the office keeps it: one row per facilitator, with
their current posting, in the columns of the downloadable template.

Import
- A row is matched to an existing facilitator by NIK, else by name and phone;
  importing the same file twice changes nothing.
- An empty cell leaves the value as it is (the file does not say); a cell
  holding only "-" empties it on purpose. The name cannot be emptied.
- The posting columns go through the posting rules (assignments.services): a
  facilitator in reserve is posted, a posted one is moved (their posting ends
  the day before the new one starts). Empty posting columns leave the posting
  as it is: releases go through the postings page, with their end date and decree.
- Nothing is written unless every row is right (the admin imports in one
  transaction and rolls it back on any error).

Export writes the same columns, so an exported file can be edited and imported back.
"""

import datetime
import difflib
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field

from assignments import services
from assignments.models import Assignment
from audit.context import current_reason
from imports.columns import (
    ChoiceWidget,
    DateWidget,
    KeptField,
    NikWidget,
    OptionalTextWidget,
    PhoneWidget,
    TextWidget,
)
from imports.reading import ROW_NUMBER
from imports.resources import SpreadsheetResource
from registry.fields import name_sort_key
from registry.models import Facilitator, Kelurahan, active_condition

# The template's columns. They are part of the file format: never translated.
NIK = "NIK"
NAME = "Nama"
SEX = "Jenis kelamin"
PHONE = "No. HP"
EMAIL = "Email"
ADDRESS = "Alamat"
EDUCATION = "Pendidikan"
JOINED = "Tanggal bergabung"
ACTIVE = "Aktif"
KELURAHAN_CODE = "Kode kelurahan"
KELURAHAN = "Kelurahan"
START = "Mulai bertugas"
DECREE = "Nomor SK"

# The facilitator's own columns, written in bulk for the rows that change nothing else.
BULK_FIELDS = ["nik", "name", "sex", "phone", "email", "address", "education", "joined_on"]
BATCH = 500

UNKNOWN_KELURAHAN_CODE = _("There is no kelurahan with the code %(code)s.")
UNKNOWN_KELURAHAN_NAME = _("There is no kelurahan named %(name)s.")
DID_YOU_MEAN = _("Did you mean %(names)s?")
CODE_AND_NAME_DISAGREE = _("The code %(code)s is kelurahan %(kelurahan)s, not %(name)s.")
START_REQUIRED = _("A posting needs its start date.")
START_OF_CURRENT_POSTING = _(
    "%(facilitator)s has been posted to %(kelurahan)s since %(start)s. The start of a "
    "current posting is corrected on the postings page, not by import."
)
POSTED_CANNOT_BE_INACTIVE = _(
    "%(facilitator)s is posted to %(kelurahan)s. Release them on the postings page "
    "before marking them inactive."
)
# The reason a deactivation made by import carries, with the file's name.
IMPORT_REASON = _("Marked inactive in the spreadsheet import")
NIK_OF_SOMEONE_ELSE = _(
    "This NIK belongs to another facilitator, %(other)s, not to the person with this "
    "name and phone."
)
SEVERAL_MATCHES = _(
    "Several facilitators have this name and phone. Add their NIK to tell them apart."
)
SAME_PERSON_IN_FILE = _(
    "Rows %(rows)s of this file are the same facilitator (same NIK, or same name and "
    "phone). Each facilitator takes one row."
)
SAME_KELURAHAN_IN_FILE = _(
    "Rows %(rows)s of this file all post someone to kelurahan %(kelurahan)s, "
    "which has one facilitator at a time."
)

# Notes on the template's columns (cell comments).
KEEP_NOTE = _("Empty: the value stays as it is.")
CLEAR_NOTE = _("Write - (a dash) to remove it.")
NIK_NOTE = _("16 digits, typed as text.")
NAME_NOTE = _(
    "Full name; required. Rows are matched to the register by NIK, else by name and "
    "phone. Row 2 is an example: replace it."
)
SEX_NOTE = _("L or P (also laki-laki, perempuan); required for a new facilitator.")
PHONE_NOTE = _(
    "Indonesian mobile number, e.g. 0812 3456 7890 or +62 812-3456-7890; stored as 081234567890."
)
EMAIL_NOTE = _("E-mail address.")
ADDRESS_NOTE = _("Home address.")
EDUCATION_NOTE = _("SMA, D3, S1 or S2 (also SMK, D4).")
DATE_NOTE = _("A date: a date cell, or DD/MM/YYYY.")
ACTIVE_NOTE = _("Ya or Tidak; a new facilitator is active.")
KELURAHAN_CODE_NOTE = _(
    "Kemendagri code of the kelurahan of the current posting (sheet Kelurahan). Empty "
    "together with Kelurahan: the posting stays as it is."
)
KELURAHAN_NOTE = _(
    "Name of that kelurahan (sheet Kelurahan): enough on its own; must agree with the "
    "code when both are given."
)
START_NOTE = _("Start of the posting (DD/MM/YYYY); required when a kelurahan is given.")
DECREE_NOTE = _("Decree number (nomor SK) of the posting.")

SEX_SPELLINGS = {
    "l": Facilitator.Sex.MALE,
    "laki-laki": Facilitator.Sex.MALE,
    "laki laki": Facilitator.Sex.MALE,
    "lk": Facilitator.Sex.MALE,
    "pria": Facilitator.Sex.MALE,
    "p": Facilitator.Sex.FEMALE,
    "pr": Facilitator.Sex.FEMALE,
    "perempuan": Facilitator.Sex.FEMALE,
    "wanita": Facilitator.Sex.FEMALE,
}
EDUCATION_SPELLINGS = {
    "sma": "SMA",
    "smk": "SMA",
    "sma/smk": "SMA",
    "slta": "SMA",
    "d3": "D3",
    "diii": "D3",
    "d-3": "D3",
    "s1": "S1",
    "d4": "S1",
    "s-1": "S1",
    "s2": "S2",
    "s-2": "S2",
}
ACTIVE_SPELLINGS = {
    "ya": True,
    "y": True,
    "aktif": True,
    "1": True,
    "true": True,
    "tidak": False,
    "t": False,
    "tidak aktif": False,
    "nonaktif": False,
    "0": False,
    "false": False,
}


class FacilitatorResource(SpreadsheetResource):
    nik = KeptField("nik", NIK, NikWidget())
    name = Field("name", NAME, TextWidget())
    sex = Field(
        "sex", SEX, ChoiceWidget(SEX_SPELLINGS, {"L": "L", "P": "P"}), saves_null_values=False
    )
    phone = KeptField("phone", PHONE, PhoneWidget())
    email = KeptField("email", EMAIL, TextWidget(keep_empty=True))
    address = KeptField("address", ADDRESS, TextWidget(keep_empty=True))
    education = KeptField(
        "education",
        EDUCATION,
        ChoiceWidget(
            EDUCATION_SPELLINGS, {v.value: v.value for v in Facilitator.Education}, clearable=True
        ),
    )
    joined_on = KeptField("joined_on", JOINED, DateWidget(clearable=True), cleared=None)
    is_active = Field(
        "is_active",
        ACTIVE,
        ChoiceWidget(ACTIVE_SPELLINGS, {True: "Ya", False: "Tidak"}),
        saves_null_values=False,
    )
    # The current posting, read into and from plain attributes of the facilitator.
    posting_kelurahan_code = Field(
        "posting_kelurahan_code", KELURAHAN_CODE, OptionalTextWidget(), saves_null_values=False
    )
    posting_kelurahan_name = Field(
        "posting_kelurahan_name", KELURAHAN, OptionalTextWidget(), saves_null_values=False
    )
    posting_start = Field("posting_start", START, DateWidget(), saves_null_values=False)
    posting_decree = Field("posting_decree", DECREE, OptionalTextWidget(), saves_null_values=False)

    required_columns = (NAME,)
    file_stem = "fasilitator"
    template_text_columns = {NIK, PHONE, KELURAHAN_CODE, DECREE}
    # The facilitator's constraints are covered without a query per row: the NIK's
    # shape by its field validator, its uniqueness by matching each row by NIK (a
    # NIK already in the register is its owner's row) and by refusing a NIK twice
    # in one file. The database still enforces both.
    validate_constraints = False

    class Meta:
        model = Facilitator
        fields = (
            "nik",
            "name",
            "sex",
            "phone",
            "email",
            "address",
            "education",
            "joined_on",
            "is_active",
            "posting_kelurahan_code",
            "posting_kelurahan_name",
            "posting_start",
            "posting_decree",
        )
        import_id_fields = ()
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        # Not the library's bulk writes (save_instance writes): this only spares every
        # row the savepoint the library would wrap it in, two statements a row.
        use_bulk = True

    # -- the downloadable template ------------------------------------------------------

    def template_notes(self) -> dict[str, str]:
        keep, clear = str(KEEP_NOTE), str(CLEAR_NOTE)
        return {
            NIK: f"{NIK_NOTE} {keep} {clear}",
            NAME: str(NAME_NOTE),
            SEX: f"{SEX_NOTE} {keep}",
            PHONE: f"{PHONE_NOTE} {keep} {clear}",
            EMAIL: f"{EMAIL_NOTE} {keep} {clear}",
            ADDRESS: f"{ADDRESS_NOTE} {keep} {clear}",
            EDUCATION: f"{EDUCATION_NOTE} {keep} {clear}",
            JOINED: f"{DATE_NOTE} {keep} {clear}",
            ACTIVE: f"{ACTIVE_NOTE} {keep}",
            KELURAHAN_CODE: str(KELURAHAN_CODE_NOTE),
            KELURAHAN: str(KELURAHAN_NOTE),
            START: str(START_NOTE),
            DECREE: f"{DECREE_NOTE} {keep}",
        }

    def template_example(self) -> dict:
        kelurahan = Kelurahan.objects.order_by("code").first()
        return {
            NIK: "3375010101900001",
            NAME: "Siti Aminah",
            SEX: "P",
            PHONE: "0812 3456 7890",
            EMAIL: "siti.aminah@contoh.id",
            ADDRESS: "Jl. Contoh No. 1, Pekalongan",
            EDUCATION: "S1",
            JOINED: datetime.date(2016, 3, 1),
            ACTIVE: "Ya",
            KELURAHAN_CODE: kelurahan.code if kelurahan else "",
            KELURAHAN: kelurahan.name if kelurahan else "",
            START: datetime.date(2019, 1, 2),
            DECREE: "800/001/DPMPPA/2019",
        }

    def template_reference_sheets(self) -> list[tuple[str, list[str], list[tuple]]]:
        rows = Kelurahan.objects.order_by("code").values_list("code", "name", "kecamatan__name")
        return [("Kelurahan", [KELURAHAN_CODE, KELURAHAN, "Kecamatan"], list(rows))]

    # -- before the rows: what the file as a whole says --------------------------------

    def before_import(self, dataset, **kwargs):
        """Rows that contradict each other are named on every row concerned."""
        self._bulk_new, self._bulk_changed = [], []
        self.file_errors: dict[int, dict[str, str]] = defaultdict(dict)
        people, places = defaultdict(list), defaultdict(list)
        names_and_phones = set()
        for row in dataset.dict:
            number = row.get(ROW_NUMBER)
            name, phone = self._name_and_phone(row)
            if name:
                names_and_phones.add((name.lower(), phone))
            person = self._person_key(row)
            if person:
                people[person].append(number)
            place = self._place_key(row)
            if place:
                places[place].append(number)
        for numbers in people.values():
            if len(numbers) > 1:
                for number in numbers:
                    self.file_errors[number][NAME] = SAME_PERSON_IN_FILE % {
                        "rows": _numbers(numbers)
                    }
        for (column, value), numbers in places.items():
            if len(numbers) > 1:
                for number in numbers:
                    self.file_errors[number][column] = SAME_KELURAHAN_IN_FILE % {
                        "rows": _numbers(numbers),
                        "kelurahan": value,
                    }
        self._look_up_once(people, places, names_and_phones)

    def _look_up_once(self, people, places, names_and_phones) -> None:
        """The facilitators, postings and kelurahan the file names, in a few queries
        for the whole file rather than several for every row."""
        niks = [key[1] for key in people if key[0] == "nik"]
        names = {name for name, _phone in names_and_phones}
        phones = {phone for _name, phone in names_and_phones}
        self._by_nik = {f.nik: f for f in Facilitator.objects.filter(nik__in=niks)} if niks else {}
        self._by_name_phone: dict[tuple, list] = defaultdict(list)
        if names:
            for facilitator in Facilitator.objects.filter(phone__in=phones).order_by("pk"):
                if facilitator.name.lower() in names:
                    key = (facilitator.name.lower(), facilitator.phone)
                    self._by_name_phone[key].append(facilitator)
        known = {f.pk for f in self._by_nik.values()} | {
            f.pk for found in self._by_name_phone.values() for f in found
        }
        self._postings = (
            {
                posting.facilitator_id: posting
                for posting in Assignment.objects.current()
                .filter(facilitator__in=known)
                .select_related("kelurahan")
            }
            if known
            else {}
        )
        self._inactive = set(
            Facilitator.objects.filter(pk__in=known)
            .inactive_on(timezone.localdate())
            .values_list("pk", flat=True)
            if known
            else ()
        )
        codes = [value for column, value in places if column == KELURAHAN_CODE]
        lower_names = {value for column, value in places if column == KELURAHAN}
        found = Kelurahan.objects.none()
        if codes or lower_names:
            found = Kelurahan.objects.annotate(lower_name=Lower("name")).filter(
                Q(code__in=codes) | Q(lower_name__in=lower_names)
            )
        self._kelurahan_by_code, self._kelurahan_by_name = {}, defaultdict(list)
        for kelurahan in found:
            self._kelurahan_by_code[kelurahan.code] = kelurahan
            self._kelurahan_by_name[_plain(kelurahan.name)].append(kelurahan)
        self._official_names = None

    def _suggestions(self, name: str) -> str:
        """ "Did you mean ...?" from the official kelurahan names, or ""."""
        if self._official_names is None:
            self._official_names = {
                _plain(official): official
                for official in Kelurahan.objects.values_list("name", flat=True).distinct()
            }
        close = difflib.get_close_matches(_plain(name), self._official_names, n=3, cutoff=0.6)
        if not close:
            return ""
        return str(DID_YOU_MEAN % {"names": ", ".join(self._official_names[c] for c in close)})

    def _person_key(self, row):
        try:
            nik = self.fields["nik"].clean(row) if NIK in row else None
        except ValueError:
            nik = None
        if nik:
            return ("nik", nik)
        name, phone = self._name_and_phone(row)
        return ("name", name.lower(), phone) if name else None

    def _place_key(self, row):
        code = _text(row.get(KELURAHAN_CODE))
        if code:
            return (KELURAHAN_CODE, code)
        name = _text(row.get(KELURAHAN))
        return (KELURAHAN, name.lower()) if name else None

    def _name_and_phone(self, row) -> tuple[str, str]:
        try:
            name = self.fields["name"].clean(row) if NAME in row else ""
            phone = self.fields["phone"].clean(row) if PHONE in row else ""
        except ValueError:
            return "", ""
        return name, phone or ""

    # -- one row -----------------------------------------------------------------------

    def get_instance(self, instance_loader, row):
        """By NIK, else by name and phone."""
        try:
            nik = self.fields["nik"].clean(row) if NIK in row else None
        except ValueError:
            nik = None  # the NIK column reports it
        name, phone = self._name_and_phone(row)
        same_name = self._by_name_phone.get((name.lower(), phone), [])[:2] if name else []
        owner = self._by_nik.get(nik) if nik else None
        if owner is not None:
            if same_name and owner not in same_name:
                raise ValidationError({NIK: NIK_OF_SOMEONE_ELSE % {"other": owner.name}})
            return owner
        if len(same_name) > 1:
            raise ValidationError({NAME: SEVERAL_MATCHES})
        return same_name[0] if same_name else None

    def after_init_instance(self, instance, new, row, **kwargs):
        current = None if new else self._postings.get(instance.pk)
        _show_posting(instance, current)
        instance._current_posting = current
        # "Aktif" is the status today, read from and changed through the dated
        # deactivations, not a field of its own.
        instance.is_active = new or instance.pk not in self._inactive
        instance._was_active = instance.is_active

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column, message in self.file_errors.get(row.get(ROW_NUMBER), {}).items():
            errors.setdefault(column, []).append(message)
        errors.update(self._plan_posting(instance, row, errors))
        if errors:
            raise ValidationError(errors)

    def _plan_posting(self, instance, row, errors) -> dict:
        """Read the posting columns into instance._posting_plan, or say what is wrong."""
        instance._posting_plan = None
        current = instance._current_posting
        code = _text(row.get(KELURAHAN_CODE))
        name = _text(row.get(KELURAHAN))
        if instance.is_active is False and current is not None:
            return {
                ACTIVE: POSTED_CANNOT_BE_INACTIVE
                % {"facilitator": instance.name, "kelurahan": current.kelurahan.name}
            }
        if not code and not name:
            return {}
        if any(key in errors for key in ("posting_kelurahan_code", "posting_kelurahan_name")):
            return {}

        if code:
            kelurahan = self._kelurahan_by_code.get(code)
            if kelurahan is None:
                return {KELURAHAN_CODE: UNKNOWN_KELURAHAN_CODE % {"code": code}}
            if name and _plain(name) != _plain(kelurahan.name):
                return {
                    KELURAHAN: CODE_AND_NAME_DISAGREE
                    % {"code": code, "kelurahan": kelurahan.name, "name": name}
                }
        else:
            found = self._kelurahan_by_name.get(_plain(name), [])
            if len(found) != 1:
                message = str(UNKNOWN_KELURAHAN_NAME % {"name": name})
                if not found and (hint := self._suggestions(name)):
                    message = f"{message} {hint}"
                return {KELURAHAN: message}
            kelurahan = found[0]
        # The file's spelling of the kelurahan is not a change.
        instance.posting_kelurahan_code = kelurahan.code
        instance.posting_kelurahan_name = kelurahan.name

        if "posting_start" in errors:
            return {}
        start = instance.posting_start
        decree = instance.posting_decree or ""
        if current is not None and current.kelurahan_id == kelurahan.pk:
            if start != current.start_date:
                return {
                    START: START_OF_CURRENT_POSTING
                    % {
                        "facilitator": instance.name,
                        "kelurahan": kelurahan.name,
                        "start": _date(current.start_date),
                    }
                }
            if decree and decree != current.decree_number:
                instance._posting_plan = ("decree", kelurahan, start, decree)
            return {}
        if row.get(START) in (None, "") or start is None:
            return {START: START_REQUIRED}
        action = "move" if current is not None else "create"
        instance._posting_plan = (action, kelurahan, start, decree)
        return {}

    def save_instance(self, instance, is_create, row, **kwargs):
        # A row with a posting is written at once, so the posting rules see it. A row
        # that changes no posting has been checked in full already: the preview
        # (rolled back) does not write it, and the import writes it with the
        # file's other such rows in a few statements at the end (write_in_bulk).
        if instance._posting_plan is None:
            if kwargs.get("dry_run"):
                self._remember(instance)
                return
            if instance.is_active in (None, instance._was_active):
                self.before_save_instance(instance, row, **kwargs)
                (self._bulk_new if is_create else self._bulk_changed).append(instance)
                self._remember(instance)
                return
        # A row that writes through the services does so in a savepoint of its own, so
        # a refusal undoes that row alone; the rows that write nothing need none.
        with transaction.atomic():
            self.before_save_instance(instance, row, **kwargs)
            self.do_instance_save(instance, is_create)
            self.after_save_instance(instance, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run"):
            self.write_in_bulk()
        super().after_import(dataset, result, **kwargs)

    def write_in_bulk(self) -> None:
        """The rows without a posting or status change: inserted and updated in
        batches, each with its history row (user and reason as a single save has)."""
        history = {"default_user": self.user, "default_change_reason": current_reason()}
        if self._bulk_new:
            Facilitator.objects.bulk_create(self._bulk_new, batch_size=BATCH)
            Facilitator.history.bulk_history_create(self._bulk_new, batch_size=BATCH, **history)
        if self._bulk_changed:
            for facilitator in self._bulk_changed:  # bulk_update runs no pre_save
                facilitator.sort_name = name_sort_key(facilitator.name)
            Facilitator.objects.bulk_update(
                self._bulk_changed, [*BULK_FIELDS, "sort_name"], batch_size=BATCH
            )
            Facilitator.history.bulk_history_create(
                self._bulk_changed, batch_size=BATCH, update=True, **history
            )
        self._bulk_new, self._bulk_changed = [], []

    def _remember(self, instance) -> None:
        """A later row of the file may name the facilitator this row created."""
        if instance.nik:
            self._by_nik.setdefault(instance.nik, instance)
        same = self._by_name_phone[(instance.name.lower(), instance.phone)]
        if instance not in same:
            same.append(instance)

    def after_save_instance(self, instance, row, **kwargs):
        """Apply the status and the posting through their services; a refusal
        fails the row."""
        self._remember(instance)
        self._apply_status(instance)
        plan = instance._posting_plan
        if plan is None:
            return
        action, kelurahan, start, decree = plan
        column = KELURAHAN_CODE if _text(row.get(KELURAHAN_CODE)) else KELURAHAN
        try:
            if action == "create":
                services.assignment_create(
                    facilitator=instance,
                    kelurahan=kelurahan,
                    start_date=start,
                    decree_number=decree,
                    by=self.user,
                )
            elif action == "move":
                services.assignment_move(
                    facilitator=instance,
                    to_kelurahan=kelurahan,
                    start_date=start,
                    decree_number=decree,
                    by=self.user,
                )
            else:
                posting = instance._current_posting
                posting.decree_number = decree
                posting.full_clean()
                if self.user is not None:
                    posting._history_user = self.user
                posting.save(update_fields=["decree_number", "updated_at"])
        except ValidationError as error:
            raise ValidationError({column: error.messages}) from None

    def _apply_status(self, instance) -> None:
        if instance.is_active is None or instance.is_active == instance._was_active:
            return
        today = timezone.localdate()
        try:
            if instance.is_active:
                services.facilitator_reactivate(
                    facilitator=instance, start_date=today, by=self.user
                )
            else:
                services.facilitator_deactivate(
                    facilitator=instance, start_date=today, reason=str(IMPORT_REASON), by=self.user
                )
        except ValidationError as error:
            raise ValidationError({ACTIVE: error.messages}) from None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return (
            super().skip_row(instance, original, row, import_validation_errors)
            and instance._posting_plan is None
            and instance.is_active in (None, instance._was_active)
        )

    # -- export ------------------------------------------------------------------------

    def iter_queryset(self, queryset):
        today = timezone.localdate()
        current = Assignment.objects.on(today).select_related("kelurahan")
        queryset = queryset.prefetch_related(
            Prefetch("assignments", queryset=current, to_attr="current_postings")
        ).annotate(active_today=ExpressionWrapper(active_condition(today), BooleanField()))
        for facilitator in super().iter_queryset(queryset):
            _show_posting(facilitator, next(iter(facilitator.current_postings), None))
            facilitator.is_active = facilitator.active_today
            yield facilitator


def _show_posting(facilitator, posting) -> None:
    facilitator.posting_kelurahan_code = posting.kelurahan.code if posting else None
    facilitator.posting_kelurahan_name = posting.kelurahan.name if posting else None
    facilitator.posting_start = posting.start_date if posting else None
    facilitator.posting_decree = (posting.decree_number or None) if posting else None


def _text(value) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _plain(name: str) -> str:
    return " ".join(name.split()).lower()


def _numbers(numbers) -> str:
    return ", ".join(str(n) for n in numbers)


def _date(value) -> str:
    return date_format(value, "j F Y")
