"""The facilitator register's search: by name, or by a WHOLE NIK or phone number.

A search that matched parts of a number was an oracle: whoever sees only the
masked NIK could rebuild the rest digit by digit. A number is therefore found
only when typed whole, and a match by NIK counts as seeing that NIK.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from registry import validators

# What people type between the digits of a number: "0812-3456 7890", "(0285) ...".
NUMBER_PUNCTUATION = re.compile(r"[\s\-.()/]")
LOOKS_LIKE_A_NUMBER = re.compile(r"^\+?[0-9]+$")
NIK_DIGITS = 16


@dataclass(frozen=True)
class Search:
    match: Q
    by_nik: bool = False  # the words were a whole NIK: a match discloses it
    partial_number: bool = False  # digits that are neither a whole NIK nor a phone
    by_phone: bool = False  # the words were a whole phone number

    @property
    def number_kind(self) -> str:
        """ "nik" or "phone" for a search by a whole number (limited and recorded), else ""."""
        return "nik" if self.by_nik else "phone" if self.by_phone else ""


def phone_forms(typed: str) -> list[str]:
    """The stored form of the phone number typed (the one the phone rule keeps),
    or none if it is not a whole number."""
    stored = validators.normalise_phone(typed)
    try:
        validators.validate_mobile_phone(stored)
    except ValidationError:
        return []
    return [stored]


def facilitator_search(words: str) -> Search:
    """The condition for the facilitators that the words find."""
    words = words.strip()
    number = NUMBER_PUNCTUATION.sub("", words)
    if not LOOKS_LIKE_A_NUMBER.match(number):
        return Search(Q(name__icontains=words))
    if len(number) == NIK_DIGITS and number.isdigit():
        return Search(Q(nik=number), by_nik=True)
    if forms := phone_forms(number):
        return Search(Q(phone__in=forms), by_phone=True)
    return Search(Q(pk__in=[]), partial_number=True)
