import csv
import io

import pytest
from django.core.management import call_command

from registry.models import Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db


def test_it_loads_the_official_kecamatan_and_kelurahan(wilayah):
    assert list(Kecamatan.objects.values_list("code", "name")) == [
        ("33.75.01", "Pekalongan Barat"),
        ("33.75.02", "Pekalongan Timur"),
        ("33.75.03", "Pekalongan Utara"),
        ("33.75.04", "Pekalongan Selatan"),
    ]
    assert Kelurahan.objects.count() == 27
    medono = Kelurahan.objects.get(code="33.75.01.1002")
    assert (medono.name, medono.kecamatan.name, medono.postal_code) == (
        "Medono",
        "Pekalongan Barat",
        "51111",
    )
    assert Kelurahan.objects.filter(kecamatan__code="33.75.04").count() == 6


def test_running_it_twice_duplicates_nothing_and_corrects_names(wilayah):
    Kelurahan.objects.filter(code="33.75.02.1012").update(name="Kalibaros", postal_code="51129")
    Kecamatan.objects.filter(code="33.75.03").update(name="Utara")

    call_command("load_wilayah", stdout=io.StringIO())

    assert Kecamatan.objects.count() == 4
    assert Kelurahan.objects.count() == 27
    kali_baros = Kelurahan.objects.get(code="33.75.02.1012")
    assert (kali_baros.name, kali_baros.postal_code) == ("Kali Baros", "51128")
    assert Kecamatan.objects.get(code="33.75.03").name == "Pekalongan Utara"


def test_the_shipped_data_matches_the_reference_list(settings):
    shipped = settings.BASE_DIR / "registry" / "data" / "kelurahan-kota-pekalongan.csv"
    with shipped.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 27
    assert {row["kode_kecamatan"] for row in rows} == {
        "33.75.01",
        "33.75.02",
        "33.75.03",
        "33.75.04",
    }
    assert all(row["kode_kelurahan"].startswith(row["kode_kecamatan"] + ".1") for row in rows)
