"""What the file does not say stays as it is; a "-" empties a value on purpose;
the preview shows each change as old → new."""

import datetime

import pytest

from registry.factories import FacilitatorFactory
from registry.models import Facilitator
from tests.imports.helpers import (
    HEADERS,
    confirm,
    csv_file,
    errors_of,
    import_file,
    preview,
    snapshot,
    statuses,
    xlsx_file,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(wilayah):
    return FacilitatorFactory(
        name="Budi Santoso",
        nik="3375010101900002",
        sex="L",
        phone="081234560002",
        email="budi@contoh.id",
        address="Jl. Merdeka 2",
        education="S1",
        joined_on=datetime.date(2016, 3, 1),
    )


def row(**cells) -> dict:
    """A row that names Budi by NIK; every other cell empty unless given."""
    return dict.fromkeys(HEADERS, "") | {"NIK": "3375010101900002"} | cells


@pytest.mark.parametrize("make_file", [xlsx_file, csv_file])
def test_a_row_with_empty_cells_changes_nothing_else(staff, known, make_file):
    before = snapshot()

    response = preview(staff, make_file([row(Nama="Budi Santoso")]))

    assert statuses(response) == {2: "skip"}
    assert confirm(staff, response).status_code == 200
    assert snapshot() == before


def test_a_row_changes_only_the_cells_it_fills(staff, known):
    import_file(staff, xlsx_file([row(Nama="Budi Santoso", Email="baru@contoh.id")]))

    known.refresh_from_db()
    assert (known.email, known.phone, known.address, known.education, known.joined_on) == (
        "baru@contoh.id",
        "081234560002",
        "Jl. Merdeka 2",
        "S1",
        datetime.date(2016, 3, 1),
    )


def test_a_dash_empties_a_value_on_purpose(staff, known):
    cells = {"Email": "-", "Alamat": " - ", "Pendidikan": "-", "Tanggal bergabung": "-"}
    import_file(staff, csv_file([row(Nama="Budi Santoso", **cells)]))

    known.refresh_from_db()
    assert (known.email, known.address, known.education, known.joined_on) == ("", "", "", None)
    assert (known.phone, known.nik) == ("081234560002", "3375010101900002")


def test_a_name_cannot_be_emptied(staff, known):
    response = preview(staff, csv_file([row()]))
    assert [(r, column) for r, column, _m in errors_of(response)] == [(2, "Nama")]
    assert Facilitator.objects.get().name == "Budi Santoso"


def test_the_preview_shows_each_changed_field_old_and_new(staff, known):
    cells = {"Email": "baru@contoh.id", "Alamat": "-", "No. HP": "+62 812-3456-0002"}

    response = preview(staff, xlsx_file([row(Nama="Budi Santoso", **cells)]))

    (shown,) = response.context["result"].rows
    by_column = dict(zip(response.context["result"].diff_headers, shown.cells, strict=True))
    assert by_column["Email"][0] == "<del>budi@contoh.id</del> → <ins>baru@contoh.id</ins>"
    assert by_column["Alamat"][0] == "<del>Jl. Merdeka 2</del> → <ins>(kosong)</ins>"
    # The same number in another spelling is no change.
    assert by_column["No. HP"][0] == "081234560002"
    assert by_column["Nama"][0] == "Budi Santoso"
    page = response.content.decode()
    assert "<del>budi@contoh.id</del> → <ins>baru@contoh.id</ins>" in page


def test_the_preview_escapes_what_the_file_holds(staff, known):
    response = preview(staff, csv_file([row(Nama="Budi Santoso", Alamat="<b>Jl.</b>")]))
    page = response.content.decode()
    assert "<ins>&lt;b&gt;Jl.&lt;/b&gt;</ins>" in page
    assert "<b>Jl.</b>" not in page


def test_a_renamed_or_new_row_is_listed_by_its_new_name(staff, known):
    # Rows without a posting are written in bulk: the sort key goes with the name.
    new = row(NIK="3375010101900003", Nama="Ágnes", **{"Jenis kelamin": "P"})
    import_file(staff, xlsx_file([row(Nama="élan Santoso"), new]))

    assert list(Facilitator.objects.values_list("name", "sort_name")) == [
        ("Ágnes", "agnes"),
        ("élan Santoso", "elan santoso"),
    ]
