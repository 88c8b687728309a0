"""Pro-rating by calendar days, the one rounding rule, and the amount in words."""

import datetime
from decimal import Decimal

import pytest

from contracts import money


def test_a_contract_starting_on_the_tenth_of_a_31_day_month_pays_22_31():
    march = datetime.date(2024, 3, 1)
    days = money.days_covered(datetime.date(2024, 3, 10), datetime.date(2024, 12, 31), march)
    assert (days, money.days_in(march)) == (22, 31)
    assert money.prorated(3_100_000, days, 31) == 2_200_000


def test_the_last_month_pays_its_days_likewise():
    january = datetime.date(2025, 1, 1)
    days = money.days_covered(datetime.date(2024, 3, 10), datetime.date(2025, 1, 22), january)
    assert days == 22
    assert money.prorated(3_100_000, days, 31) == 2_200_000


def test_a_full_month_pays_the_whole_honorarium():
    february = datetime.date(2024, 2, 1)
    days = money.days_covered(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), february)
    assert (days, money.days_in(february)) == (29, 29)
    assert money.prorated(2_750_000, days, 29) == 2_750_000


def test_a_month_outside_the_contract_has_no_days():
    april = datetime.date(2024, 4, 1)
    assert money.days_covered(datetime.date(2024, 5, 1), datetime.date(2024, 12, 31), april) == 0


@pytest.mark.parametrize(
    "monthly, days, month_days, gross",
    [
        (2_750_000, 22, 31, 1_951_613),  # 1,951,612.90 rounds up
        (2_500_000, 10, 31, 806_452),  # 806,451.61 rounds up
        (1_000_001, 15, 30, 500_001),  # 500,000.5: halves go up, not to even
        (1_000_003, 15, 30, 500_002),  # 500,001.5 likewise
        (2_000_000, 1, 31, 64_516),  # 64,516.13 rounds down
    ],
)
def test_gross_amounts_round_to_the_nearest_rupiah_halves_up(monthly, days, month_days, gross):
    assert money.prorated(monthly, days, month_days) == gross


@pytest.mark.parametrize(
    "gross, rate, tax",
    [(2_612_345, Decimal(5), 130_617), (10, Decimal(5), 1), (1_951_613, Decimal(6), 117_097)],
)
def test_tax_is_taken_from_the_rounded_gross_and_rounded_the_same_way(gross, rate, tax):
    assert money.tax_on(gross, rate) == tax


@pytest.mark.parametrize(
    "amount, words",
    [
        (0, "nol rupiah"),
        (1, "satu rupiah"),
        (11, "sebelas rupiah"),
        (1_000_000, "satu juta rupiah"),
        (
            123_456_789,
            "seratus dua puluh tiga juta empat ratus lima puluh enam ribu tujuh ratus "
            "delapan puluh sembilan rupiah",
        ),
    ],
)
def test_the_amount_in_words(amount, words):
    assert money.terbilang(amount) == words


def test_amounts_are_written_with_dots_between_thousands():
    assert money.rupiah(123_456_789) == "Rp 123.456.789"
    assert money.rupiah(0) == "Rp 0"
