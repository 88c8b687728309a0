"""A kelurahan name the register does not know gets the official names it may mean."""

import pytest

from tests.imports.helpers import errors_of, person, preview, xlsx_file

pytestmark = pytest.mark.django_db


def test_a_misspelt_kelurahan_gets_did_you_mean(staff):
    response = preview(staff, xlsx_file([person(KELURAHAN_CODE="", KELURAHAN="Podosugeh")]))

    assert errors_of(response) == [
        (
            2,
            "Kelurahan",
            "Tidak ada kelurahan bernama Podosugeh. Mungkin maksud Anda Podosugih?",
        )
    ]


def test_a_name_like_none_of_them_is_only_refused(staff):
    response = preview(staff, xlsx_file([person(KELURAHAN_CODE="", KELURAHAN="Jakarta Pusat")]))

    assert errors_of(response) == [(2, "Kelurahan", "Tidak ada kelurahan bernama Jakarta Pusat.")]


def test_a_name_in_other_capitals_and_spacing_is_the_kelurahan(staff):
    response = preview(
        staff, xlsx_file([person(KELURAHAN_CODE="", KELURAHAN="  sapuro   KEBULEN ")])
    )
    assert errors_of(response) == []
