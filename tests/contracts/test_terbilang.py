"""The amount in words as Indonesian writes it: "seribu" for a thousands group of one,
wherever it stands, for every amount the list can total (up to 999.999.999.999)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts.money import terbilang


@pytest.mark.parametrize(
    "amount, words",
    [
        (1_000, "seribu rupiah"),
        (1_500, "seribu lima ratus rupiah"),
        (11_000, "sebelas ribu rupiah"),
        (21_000, "dua puluh satu ribu rupiah"),
        (101_000, "seratus satu ribu rupiah"),
        (1_001_000, "satu juta seribu rupiah"),
        (2_001_500, "dua juta seribu lima ratus rupiah"),
        (5_001_000, "lima juta seribu rupiah"),
        (1_100_000, "satu juta seratus ribu rupiah"),
        (100_000_000, "seratus juta rupiah"),
        (1_001_001_000, "satu miliar satu juta seribu rupiah"),
        (
            999_999_999_999,
            "sembilan ratus sembilan puluh sembilan miliar sembilan ratus sembilan puluh "
            "sembilan juta sembilan ratus sembilan puluh sembilan ribu sembilan ratus "
            "sembilan puluh sembilan rupiah",
        ),
    ],
)
def test_the_amount_is_written_as_indonesian_writes_it(amount, words):
    assert terbilang(amount) == words


UNITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1_000,
}
SCALES = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}


def read_back(words: str) -> int:
    """The number Indonesian words say (a reader's parse, independent of num2words)."""
    total, group, last = 0, 0, 0
    for word in words.removesuffix(" rupiah").split():
        if word in UNITS:
            last = UNITS[word]
            if word == "seribu":
                total += 1_000
                last = 0
            else:
                group += last
        elif word == "belas":
            group += 10  # "dua belas": the 2 is already counted
        elif word == "puluh":
            group += last * 9  # "dua puluh": 2 already added, makes 20
        elif word == "ratus":
            group += last * 99
        elif word in SCALES:
            total += group * SCALES[word]
            group = 0
        else:
            raise AssertionError(f"unknown word {word!r}")
    return total + group


# Any amount, and amounts whose thousands group is one (1 in 1,000 of the first alone).
AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=999_999_999_999),
    st.builds(
        lambda high, low: high * 1_000_000 + 1_000 + low,
        st.integers(min_value=0, max_value=999_999),
        st.integers(min_value=0, max_value=999),
    ),
)


@given(AMOUNTS)
def test_the_words_never_say_satu_ribu_where_seribu_is_meant_and_read_back(amount):
    words = terbilang(amount).split()
    # "satu ribu" only as the end of a larger group: "dua puluh satu ribu", "seratus satu ribu".
    for at in range(1, len(words)):
        if words[at - 1 : at + 1] == ["satu", "ribu"]:
            assert at >= 2 and words[at - 2] in ("puluh", "ratus", "seratus"), words
    assert read_back(" ".join(words)) == amount
