"""Money of the honorarium list: whole rupiah, pro-rating, tax, the amount in words.

The one place for the rounding rule, which the honorarium document prints
(ROUNDING_RULE) exactly as it is applied here:

- a month fully inside the contract pays the monthly honorarium;
- the first and last month of a contract pay by calendar days:
  honorarium x days covered / days in that month (a contract starting on the
  10th of a 31-day month pays 22/31);
- every amount is rounded to the nearest whole rupiah, halves up, once: the
  gross amount after pro-rating, the tax from that rounded gross; the net
  amount is gross minus tax, so the columns always add up.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from num2words import num2words

from activities.models import month_end

ROUNDING_RULE = _(
    "The first and last month of a contract are paid by calendar days: monthly "
    "honorarium × days covered ÷ days in the month. Amounts are rounded to the "
    "nearest whole rupiah (halves up): the gross amount, then the tax on that gross; "
    "net = gross − tax."
)


def whole_rupiah(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def days_covered(start: datetime.date, end: datetime.date, month: datetime.date) -> int:
    """Calendar days of the month (its first day) that fall within [start, end]."""
    first = max(start, month)
    last = min(end, month_end(month))
    return max((last - first).days + 1, 0)


def days_in(month: datetime.date) -> int:
    return month_end(month).day


def prorated(monthly: int, days: int, days_in_month: int) -> int:
    """The gross honorarium of `days` of a month of `days_in_month` days."""
    if days >= days_in_month:
        return monthly
    return whole_rupiah(Decimal(monthly) * days / days_in_month)


def tax_on(gross: int, rate_percent: Decimal) -> int:
    """The tax withheld from a gross amount at a rate in percent (5 for 5 %)."""
    return whole_rupiah(Decimal(gross) * Decimal(rate_percent) / 100)


# num2words' Indonesian writes "seribu" for 1.000 alone but "satu ribu" when the
# thousands group is exactly one inside a larger number: 2.001.500 comes out as
# "dua juta satu ribu lima ratus", where Indonesian says "dua juta seribu lima ratus".
# A group of one follows the start or a larger scale word (juta, miliar, triliun);
# "seratus satu ribu" (101.000) and "dua puluh satu ribu" (21.000) are right as they are.
_LONE_SATU_RIBU = re.compile(r"(^|\b(?:juta|miliar|triliun) )satu ribu\b")


def terbilang(amount: int) -> str:
    """The amount in Indonesian words, as a payment list writes it: "satu juta rupiah"."""
    words = _LONE_SATU_RIBU.sub(r"\1seribu", num2words(amount, lang="id"))
    return f"{words} rupiah"


def thousands(amount: int) -> str:
    """2.500.000: the Indonesian way, dots between thousands."""
    return f"{amount:,}".replace(",", ".")


def rupiah(amount: int) -> str:
    """Rp 2.500.000."""
    return f"Rp {thousands(amount)}"
