"""The reports index lists every report the user may open, those of the contract
cycle and of the monthly reports too, and never one the user would be refused."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts import roles
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TITLES = {
    "honorarium": "Daftar honorarium bulanan",
    "evaluations": "Rekapitulasi penilaian kinerja fasilitator",
    "activities": "Rekap Laporan Bulanan Fasilitator",
}


def targets(page: str) -> set[str]:
    """Every address the index's forms send to (the page and its files)."""
    found = re.findall(r'(?:action|formaction)="([^"]+)"', page)
    return {url for url in found if url.startswith("/reports/")}  # not the menu's sign-out


def index_of(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("role", [roles.STAFF, roles.SUPERVISOR])
def test_the_office_finds_the_honorarium_list_and_both_recaps(client, wilayah, role):
    page = index_of(client, make_user("kantor", role))
    for title in TITLES.values():
        assert title in page
    sent_to = targets(page)
    for name in ["contracts:honorarium", "contracts:evaluation-recap", "activities:recap"]:
        assert reverse(name) in sent_to
        for fmt in ["pdf", "xlsx", "csv"]:
            assert reverse(f"{name}-{fmt}") in sent_to
    # The month proposed is last month, as the list itself opens.
    assert 'name="month"' in page


@pytest.mark.parametrize("role", [roles.AREA_SUPERVISOR, roles.AREA_COORDINATOR])
def test_an_area_finds_its_recaps_and_never_the_payroll(client, wilayah, role):
    page = index_of(client, make_user("wilayah", role, area="33.75.01"))
    assert TITLES["honorarium"] not in page
    assert TITLES["evaluations"] in page and TITLES["activities"] in page
    assert not any("honorarium" in url for url in targets(page))


def test_a_payroll_permission_given_by_hand_to_an_area_still_lists_no_payroll(client, wilayah):
    user = make_user("camat.plus", roles.AREA_SUPERVISOR, area="33.75.01")
    app, codename = roles.VIEW_HONORARIUM_LIST.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app, codename=codename)
    )
    assert TITLES["honorarium"] not in index_of(client, user)


def test_a_reader_of_the_register_alone_sees_only_the_registers_reports(client, wilayah):
    user = make_user("pembaca")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="registry", codename="view_facilitator")
    )
    page = index_of(client, user)
    for title in TITLES.values():
        assert title not in page
    assert reverse("reports:roster") in targets(page)


@pytest.mark.parametrize(
    "role, area",
    [
        (roles.STAFF, ""),
        (roles.SUPERVISOR, ""),
        (roles.AREA_SUPERVISOR, "33.75.01"),
        (roles.AREA_COORDINATOR, "33.75.02"),
    ],
)
def test_every_report_the_index_offers_opens_for_its_reader(client, wilayah, role, area):
    page = index_of(client, make_user("pembaca", role, area=area))
    for url in sorted(targets(page)):
        response = client.get(url)
        assert response.status_code == 200, url


def test_each_label_of_the_index_names_its_own_field(client, wilayah):
    page = index_of(client, make_user("kantor", roles.STAFF))
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'<label for="([^"]+)"', page):
        assert target in ids
