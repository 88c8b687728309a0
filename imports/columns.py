"""How one spreadsheet cell becomes a value, and a value a cell.

Each widget refuses a bad cell with a ValueError whose message the import
preview shows under the cell's column.

An empty cell reads as None, which a `KeptField` takes as "the file does not
say: keep the value". A cell holding only CLEAR_MARK ("-") reads as CLEARED:
empty the value on purpose.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from imports.reading import Formula
from registry.validators import normalise_phone

#: A cell holding only this empties the value; an empty cell keeps it.
CLEAR_MARK = "-"


class _Cleared:
    def __repr__(self):
        return "CLEARED"


CLEARED = _Cleared()

FORMULA = _("The cell holds a formula (%(formula)s). Type or paste the value instead.")
BAD_DATE = _("“%(value)s” is not a date. Write it as DD/MM/YYYY, for example 13/02/2019.")
BAD_CHOICE = _("“%(value)s” is not one of: %(choices)s.")
NUMBER_NOT_TEXT = _(
    "The NIK is stored as a number, and spreadsheets drop the last digits of long "
    "numbers. Format the column as Text and type the NIK again."
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y"]
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop"),
            ("desember", "des", "dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _refuse_formula(value):
    if isinstance(value, Formula):
        raise ValueError(FORMULA % {"formula": value.text[:40]})


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clear_mark(value) -> bool:
    return isinstance(value, str) and value.strip() == CLEAR_MARK


class KeptField(Field):
    """A column whose empty cell keeps the stored value and whose "-" empties it.

    `cleared` is the field's empty value ("" for text, None for a date).
    """

    def __init__(self, *args, cleared="", **kwargs):
        super().__init__(*args, saves_null_values=False, **kwargs)
        self.cleared = cleared

    def clean(self, row, **kwargs):
        value = super().clean(row, **kwargs)
        return self.cleared if value is CLEARED else value

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = super().clean(row, **kwargs)
        if value is not None:
            setattr(instance, self.attribute, self.cleared if value is CLEARED else value)


class TextWidget(widgets.Widget):
    """Text; numbers typed into a text column come back without a trailing '.0'.

    `keep_empty`: an empty cell reads as None (keep) and "-" as CLEARED.
    """

    def __init__(self, *, keep_empty=False):
        super().__init__()
        self.keep_empty = keep_empty

    def clean(self, value, row=None, **kwargs):
        _refuse_formula(value)
        if _blank(value):
            return None if self.keep_empty else ""
        if self.keep_empty and _clear_mark(value):
            return CLEARED
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class OptionalTextWidget(TextWidget):
    """Text whose empty cell means "leave as it is" (the field keeps its value)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class NikWidget(TextWidget):
    def __init__(self):
        super().__init__(keep_empty=True)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(NUMBER_NOT_TEXT)
        cleaned = super().clean(value, row, **kwargs)
        return cleaned.replace(" ", "").replace(".", "") if isinstance(cleaned, str) else cleaned


class PhoneWidget(TextWidget):
    """A telephone number in the register's one form (registry.validators.normalise_phone).

    A number stored as a number has lost its leading 0 (81234567890): it comes back.
    """

    def __init__(self):
        super().__init__(keep_empty=True)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value))
            if value.startswith("8"):
                value = "0" + value
        cleaned = super().clean(value, row, **kwargs)
        return normalise_phone(cleaned) if isinstance(cleaned, str) else cleaned


class ChoiceWidget(widgets.Widget):
    """One of a few values, spelled in any of the ways people write them.

    `spellings` maps a lower-case spelling to the stored value; `labels` maps a
    stored value to what the file shows; an empty cell reads as `empty`.
    """

    def __init__(self, spellings: dict, labels: dict, empty=None, *, clearable=False):
        super().__init__()
        self.spellings = spellings
        self.labels = labels
        self.empty = empty
        self.clearable = clearable

    def clean(self, value, row=None, **kwargs):
        _refuse_formula(value)
        if _blank(value):
            return self.empty
        if self.clearable and _clear_mark(value):
            return CLEARED
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        key = " ".join(str(value).split()).lower()
        if key not in self.spellings:
            raise ValueError(
                BAD_CHOICE % {"value": value, "choices": ", ".join(map(str, self.labels.values()))}
            )
        return self.spellings[key]

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "" if value is None else str(value))


class DateWidget(widgets.Widget):
    """A date: a date cell, or text as DD/MM/YYYY (also 13-02-2019, 2019-02-13,
    13 Februari 2019). Files show DD/MM/YYYY; a workbook gets a real date cell.
    With `clearable`, "-" reads as CLEARED."""

    def __init__(self, *, clearable=False):
        super().__init__()
        self.clearable = clearable

    def clean(self, value, row=None, **kwargs):
        _refuse_formula(value)
        if _blank(value):
            return None
        if self.clearable and _clear_mark(value):
            return CLEARED
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = " ".join(str(value).split())
        for fmt in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        words = text.replace(",", " ").split()
        if len(words) == 3 and words[1].lower() in MONTHS:
            try:
                return datetime.date(int(words[2]), MONTHS[words[1].lower()], int(words[0]))
            except ValueError:
                pass
        raise ValueError(BAD_DATE % {"value": text})

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return date_format(value, "d/m/Y")
