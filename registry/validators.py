"""The shapes of the register's values: one place for every way in.

Digits are ASCII digits ([0-9]), never `\\d`: on SQLite (Python's re) and on
PostgreSQL `\\d` also matches other scripts' digits (Arabic-Indic "٣٣٧٥..."),
which would let a second spelling of one NIK past the unique constraint.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

KECAMATAN_CODE = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$"
KELURAHAN_CODE = r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$"
POSTAL_CODE = r"^[0-9]{5}$"
NIK = r"^[0-9]{16}$"
# Indonesian mobile numbers as the register stores them: 08 and 7 to 11 more digits.
MOBILE_PHONE = r"^08[0-9]{7,11}$"
# Any Indonesian number (an office's fixed line too): 0, an area or mobile prefix, digits.
ANY_PHONE = r"^0[1-9][0-9]{6,12}$"

validate_kecamatan_code = RegexValidator(
    KECAMATAN_CODE, _("A kecamatan code looks like 33.75.01 (Kemendagri code).")
)
validate_kelurahan_code = RegexValidator(
    KELURAHAN_CODE, _("A kelurahan code looks like 33.75.01.1002 (Kemendagri code).")
)
validate_postal_code = RegexValidator(POSTAL_CODE, _("A postal code has exactly 5 digits."))
validate_nik = RegexValidator(NIK, _("A NIK has exactly 16 digits."))
validate_mobile_phone = RegexValidator(
    MOBILE_PHONE,
    _("Enter an Indonesian mobile number, for example 0812 3456 7890 or +62 812-3456-7890."),
)
validate_any_phone = RegexValidator(
    ANY_PHONE,
    _("Enter an Indonesian telephone number, for example (0285) 421093 or 0812 3456 7890."),
)
# A civil servant's NIP: 18 digits, often written in groups (19700101 199503 1 001).
NIP = r"^[0-9]{8} ?[0-9]{6} ?[0-9] ?[0-9]{3}$"
validate_nip = RegexValidator(NIP, _("A NIP has 18 digits, for example 19700101 199503 1 001."))

# What people put between the digits of a number: spaces, dots, dashes, slashes, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_DIGITS = re.compile(r"^\+?[0-9]+$")


def normalise_phone(value: str) -> str:
    """A telephone number in the one form the register stores: 081234567890.

    People type 0812 3456 7890, 0812-3456-7890, +62 812-3456-7890, 62812...,
    +62 (0)812...: all become 0812.... The national form is kept (not +62...)
    because it is what staff and facilitators type, read and dial locally, and
    what the office's lists and printed rosters have always shown; +62 is
    derived from it where an international form is needed. Text that is not a
    number comes back as it is, for the validator to refuse.
    """
    if not value:
        return ""
    number = _PHONE_SEPARATORS.sub("", str(value))
    if not _DIGITS.match(number):
        return str(value).strip()
    if number.startswith("+"):
        number = number[1:]
        if not number.startswith("62"):
            return "+" + number  # a foreign number: the validator says so
    if number.startswith("620"):  # +62 (0)812...
        number = number[2:]
    elif number.startswith("62"):
        number = "0" + number[2:]
    return number


# Control characters (Unicode category Cc: C0, DEL and C1), in any text field
# of the register. Spreadsheets cannot hold most of them (openpyxl refuses to
# write them) and no name or address needs one.
CONTROL_CHARACTERS = _(
    "Remove the control character (an invisible character such as a tab or a line break, "
    "code %(code)s) from this text."
)


@deconstructible
class ControlCharacterValidator:
    message = CONTROL_CHARACTERS
    code = "control_character"

    def __call__(self, value):
        if value is None or str(value).isprintable():
            return  # quick path: isprintable() is false for every control character
        for character in str(value):
            if unicodedata.category(character) == "Cc":
                raise ValidationError(
                    self.message,
                    code=self.code,
                    params={"code": f"U+{ord(character):04X}"},
                )

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator)


validate_no_control_characters = ControlCharacterValidator()
