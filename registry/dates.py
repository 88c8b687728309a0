"""The range of dates the register accepts, for every date people enter.

A date is of the register's world when it falls between Indonesia's
independence (17 August 1945) and ten years from today: earlier or later is a
typing slip (0001-01-01, 9999-12-31), and at the calendar's edges the day before
or after does not exist, which broke the pages that compute it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1945, 8, 17)
YEARS_AHEAD = 10
OUT_OF_RANGE = _("Enter a date between %(earliest)s and %(latest)s.")
RANGE_HELP = _("Between 17 August 1945 and ten years from today.")


def latest() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


@deconstructible(path="registry.dates.RegisterDateValidator")
class RegisterDateValidator:
    code = "date_out_of_range"

    def __call__(self, value: datetime.date) -> None:
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        last = latest()
        if not EARLIEST <= value <= last:
            raise ValidationError(
                OUT_OF_RANGE,
                code=self.code,
                params={
                    "earliest": date_format(EARLIEST, "j F Y"),
                    "latest": date_format(last, "j F Y"),
                },
            )

    def __eq__(self, other):
        return isinstance(other, RegisterDateValidator)

    def __hash__(self):
        return hash(self.code)


validate_register_date = RegisterDateValidator()
