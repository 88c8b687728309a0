"""The admin's kecamatan filters: a link per kecamatan while they are few, a
typed name or code once there are more than a hundred (a national register has
7,000, which made the facilitator list a 562 KB page)."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from registry.admin import KecamatanFilter
from registry.factories import FacilitatorFactory
from registry.models import Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db

# Every changelist with a filter by kecamatan, and the name of its parameter.
CHANGELISTS = [
    "admin:registry_facilitator_changelist",
    "admin:registry_kelurahan_changelist",
    "admin:registry_institution_changelist",
    "admin:assignments_assignment_changelist",
    "admin:activities_activityentry_changelist",
    "admin:activities_monthlyreport_changelist",
]


@pytest.fixture
def posted(wilayah):
    """Two facilitators posted in two kecamatan, and one who is not posted."""
    medono = AssignmentFactory(
        kelurahan=Kelurahan.objects.get(name="Medono"), start_date=datetime.date(2020, 1, 2)
    )
    krapyak = AssignmentFactory(
        kelurahan=Kelurahan.objects.get(name="Krapyak"),
        start_date=datetime.date(2020, 1, 2),
    )
    FacilitatorFactory(name="Tanpa Tugas")
    return medono.facilitator, krapyak.facilitator


@pytest.fixture
def national(wilayah):
    """More kecamatan than the filter lists."""
    Kecamatan.objects.bulk_create(
        Kecamatan(code=f"98.{n // 100:02d}.{n % 100:02d}", name=f"Kecamatan Uji {n:03d}")
        for n in range(KecamatanFilter.LISTED_AT_MOST)
    )


def test_a_city_s_few_kecamatan_are_links(client, administrator, posted):
    client.force_login(administrator)
    response = client.get(reverse("admin:registry_facilitator_changelist"))
    content = response.content.decode()
    assert '?kecamatan=33.75.01"' in content  # Pekalongan Barat, a link
    assert 'name="kecamatan"' not in content


@pytest.mark.parametrize("name", CHANGELISTS)
def test_beyond_a_hundred_kecamatan_each_filter_takes_a_typed_name_or_code(
    client, administrator, national, name
):
    client.force_login(administrator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="kecamatan"' in content
    assert "Kecamatan Uji 099" not in content  # no link per kecamatan
    assert '<label for="typed-filter-kecamatan">Nama atau kode</label>' in content


def test_the_typed_filter_finds_by_code_or_name_and_keeps_the_other_filters(
    client, administrator, posted, national
):
    medono, krapyak = posted
    client.force_login(administrator)
    url = reverse("admin:registry_facilitator_changelist")

    by_code = client.get(url, {"kecamatan": "33.75.03", "status": "current"})
    assert [f.name for f in by_code.context["cl"].result_list] == [krapyak.name]
    by_name = client.get(url, {"kecamatan": "  pekalongan barat ", "status": "current"})
    assert [f.name for f in by_name.context["cl"].result_list] == [medono.name]
    content = by_name.content.decode()
    # The other filter is kept in the form; "All" clears this one only.
    assert '<input type="hidden" name="status" value="current">' in content
    assert 'value="  pekalongan barat "' in content or 'value="pekalongan barat"' in content
    assert '<a href="?status=current">Semua</a>' in content


@pytest.mark.parametrize(
    "value, refused",
    [("33.75", False), ("Kecamatan Entah", False), ("x" * 101, True), ("a\x00b", 400)],
)
def test_a_name_or_code_of_no_kecamatan_lists_nobody_and_garbage_is_refused(
    client, administrator, posted, national, value, refused
):
    client.force_login(administrator)
    response = client.get(reverse("admin:registry_facilitator_changelist"), {"kecamatan": value})
    if refused == 400:  # a NUL byte: refused at the door (home.middleware.NulByteMiddleware)
        assert response.status_code == 400
    elif refused:  # the admin's "invalid filter" answer, not a 500
        assert (response.status_code, response.url.endswith("?e=1")) == (302, True)
    else:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
