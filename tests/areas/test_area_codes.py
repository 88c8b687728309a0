"""What an area holds: a kelurahan, one or more kecamatan, a whole city; set in the
admin, checked there and by the database, failing closed when left out."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import roles
from accounts.areas import Area, area_of
from accounts.models import User
from registry.models import Kecamatan, Kelurahan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def kelurahan_seen(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("home:kelurahan-list"))
    return [k.name for _kecamatan, rows in page.context["groups"] for k in rows]


def test_a_lurah_sees_their_one_kelurahan(client, world):
    lurah = make_user("lurah.medono", roles.AREA_SUPERVISOR, area="33.75.01.1002")
    assert kelurahan_seen(client, lurah) == ["Medono"]
    facilitators = client.get(reverse("home:facilitator-list")).context["page"]
    assert [f.name for f in facilitators] == ["Ani Baratsari"]
    # Its kecamatan heads the lists, the kecamatan's other kelurahan stay out.
    assert list(Kecamatan.objects.visible_to(lurah).values_list("name", flat=True)) == [
        "Pekalongan Barat"
    ]
    assert client.get(reverse("home:kelurahan-detail", args=["33.75.01.1003"])).status_code == 404
    assert (
        client.get(reverse("home:facilitator-detail", args=[world.inside_too.pk])).status_code
        == 404
    )
    assert client.get(reverse("home:index")).context["total"] == 1


def test_two_kecamatan_codes_see_both(client, world):
    user = make_user("koordinator.dua", roles.AREA_COORDINATOR, area="33.75.02, 33.75.01")
    user.refresh_from_db()
    assert user.area == "33.75.01 33.75.02"  # every way in stores the one form
    seen = kelurahan_seen(client, user)
    assert len(seen) == 14
    assert {"Medono", "Kauman"} <= set(seen)
    names = [f.name for f in client.get(reverse("home:facilitator-list")).context["page"]]
    assert names == ["Ani Baratsari", "Budi Baratjaya", "Dedi Timurjaya"]


def test_a_city_code_holds_the_whole_city_but_not_its_reserve(client, world):
    user = make_user("kota", roles.AREA_SUPERVISOR, area="33.75")
    assert len(kelurahan_seen(client, user)) == 27
    names = [f.name for f in client.get(reverse("home:facilitator-list")).context["page"]]
    assert "Eko Cadanganwati" not in names
    assert "Citra Pindahan" in names  # in Utara now, still in the city


def test_a_code_holds_what_is_below_it_on_the_dot_boundary(db):
    # Any text column answers the same question in SQL: usernames stand in for codes.
    for name in ["33.75.01", "33.75.01.1002", "33.75.011", "33.75.010.1002", "33.75.02"]:
        User.objects.create(username=name)
    area = Area(codes=("33.75.01",), whole=False)
    found = User.objects.filter(area.within("username")).values_list("username", flat=True)
    assert sorted(found) == ["33.75.01", "33.75.01.1002"]
    assert area.covers("33.75.01.1002")
    assert not area.covers("33.75.011")
    assert not area.covers("33.75.0")


def test_the_admin_keeps_the_codes_in_one_form_and_refuses_others(client, administrator):
    camat = make_user("camat.baru")
    camat.groups.add(Group.objects.get(name=roles.AREA_SUPERVISOR))
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[camat.pk])
    form = client.get(url).context["adminform"].form
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k != "groups"},
        "groups": [g.pk for g in camat.groups.all()],
        "is_active": "on",
        "date_joined_0": "2024-03-15",
        "date_joined_1": "08:00:00",
    }
    data.pop("user_permissions", None)
    data.pop("last_login", None)

    for typed, error in [
        ("", "Peran wilayah memerlukan wilayah"),
        ("33.75.1", "bukan kode Kemendagri"),
        ("Pekalongan Barat", "bukan kode Kemendagri"),
    ]:
        response = client.post(url, {**data, "area": typed})
        assert response.status_code == 200
        assert error in response.text
    response = client.post(url, {**data, "area": "33.75.01", "is_staff": "on"})
    assert "tidak dapat memakai admin" in response.text
    camat.refresh_from_db()
    assert (camat.area, camat.is_staff) == ("", False)

    response = client.post(url, {**data, "area": "33.75.02; 33.75.01  33.75.01"})
    assert response.status_code == 302
    camat.refresh_from_db()
    assert camat.area == "33.75.01 33.75.02"


def test_the_database_keeps_area_accounts_out_of_the_admin(db):
    user = make_user("salah.atur")
    for change in [{"area": "33.75.01", "is_staff": True}, {"area": "Barat"}]:
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=user.pk).update(**change)
    with pytest.raises(ValidationError):
        User(username="x", area="33.75.01", is_superuser=True).full_clean()


def test_an_area_role_without_an_area_sees_nothing(client, world):
    forgotten = make_user("camat.lupa", roles.AREA_SUPERVISOR)
    assert not area_of(forgotten).whole
    assert kelurahan_seen(client, forgotten) == []
    page = client.get(reverse("home:index"))
    assert (page.context["covered"], page.context["total"]) == (0, 0)
    assert "wilayah belum ditetapkan" in page.text
    assert list(client.get(reverse("home:facilitator-list")).context["page"]) == []


def test_the_roles_are_kept_in_line_and_shown(client, world, camat, coordinator):
    coordinator_rights = set(
        Permission.objects.filter(group__name=roles.AREA_COORDINATOR).values_list(
            "codename", flat=True
        )
    )
    assert {"keep_to_area", "verify_monthlyreport", "change_attendance"} <= coordinator_rights
    assert not {"change_facilitator", "add_briefing", "approve_monthlyreport"} & coordinator_rights
    supervisor_rights = set(
        Permission.objects.filter(group__name=roles.AREA_SUPERVISOR).values_list(
            "codename", flat=True
        )
    )
    assert {p for p in supervisor_rights if not p.startswith("view_")} == {"keep_to_area"}

    for user, label in [(camat, "Pengawas wilayah"), (coordinator, "Koordinator wilayah")]:
        client.force_login(user)
        page = client.get(reverse("home:index")).text
        assert label in page
        assert reverse("admin:index") not in page
        assert reverse("activities:matrix") in page
    assert roles.role_of(camat) == "area_supervisor"
    assert roles.role_of(coordinator) == "area_coordinator"
    assert Kelurahan.objects.visible_to(coordinator).count() == 7
