"""The facilitator register on the staff pages."""

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from home.forms import FacilitatorFilterForm
from registry.factories import FacilitatorFactory, KecamatanFactory, KelurahanFactory
from registry.models import Disclosure, Facilitator

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def names_on(response) -> list[str]:
    return [f.name for f in response.context["page"]]


def search(client, **data):
    """Search as the form does: by POST, then follow the redirect."""
    response = client.post(reverse("home:facilitator-list"), data, follow=True)
    assert "q=" not in response.redirect_chain[-1][0]
    return response


def test_search_finds_by_name_nik_and_phone(staff):
    rina = FacilitatorFactory(name="Rina Lestari", nik="3375011111110001", phone="081211112222")
    FacilitatorFactory(name="Budi Santoso")
    assert names_on(search(staff, q="rina")) == ["Rina Lestari"]
    assert names_on(search(staff, q="3375011111110001")) == [rina.name]
    assert names_on(search(staff, q="0812-1111-2222")) == [rina.name]


def test_the_search_words_never_reach_the_url(staff):
    FacilitatorFactory(name="Rina Lestari", nik="3375011111110001")
    response = search(staff, q="3375011111110001", status="current", sort="-name")
    url = response.redirect_chain[-1][0]
    assert url == reverse("home:facilitator-list") + "?status=current&sort=-name"
    assert "3375011111110001" not in url
    # The search stays while paging and filtering, until it is reset.
    assert staff.get(reverse("home:facilitator-list")).context["form"]["q"].value() == (
        "3375011111110001"
    )
    assert search(staff).context["form"]["q"].value() == ""


def test_filters_by_status_and_kecamatan(staff):
    barat = KecamatanFactory(code="33.75.01", name="Pekalongan Barat")
    posted = AssignmentFactory(facilitator__name="Ani", kelurahan=KelurahanFactory(kecamatan=barat))
    AssignmentFactory(facilitator__name="Bayu")  # posted in another kecamatan
    FacilitatorFactory(name="Citra")  # reserve
    FacilitatorFactory(name="Dodi", is_active=False)
    url = reverse("home:facilitator-list")
    assert names_on(staff.get(url, {"status": "current"})) == ["Ani", "Bayu"]
    assert names_on(search(staff, status="current")) == ["Ani", "Bayu"]
    assert names_on(staff.get(url, {"status": "reserve"})) == ["Citra"]
    assert names_on(staff.get(url, {"status": "inactive"})) == ["Dodi"]
    assert names_on(staff.get(url, {"kecamatan": barat.code})) == [posted.facilitator.name]


def test_sorts_and_paginates(staff):
    for n in range(30):
        FacilitatorFactory(name=f"Fasilitator {n:02d}")
    url = reverse("home:facilitator-list")
    first_page = staff.get(url, {"sort": "-name"})
    assert names_on(first_page)[:2] == ["Fasilitator 29", "Fasilitator 28"]
    assert len(names_on(first_page)) == 25
    second_page = staff.get(url, {"sort": "-name", "page": 2})
    assert names_on(second_page) == [f"Fasilitator {n:02d}" for n in range(4, -1, -1)]
    assert "Halaman 2 dari 2" in second_page.content.decode()


def test_a_bad_filter_value_is_ignored_not_an_error(staff):
    FacilitatorFactory(name="Rina")
    response = staff.get(
        reverse("home:facilitator-list"), {"status": "'; DROP", "kecamatan": "x", "page": "z"}
    )
    assert response.status_code == 200


def test_lists_mask_nik_and_phone(staff):
    FacilitatorFactory(nik="3375010101900001", phone="081234567890")
    content = staff.get(reverse("home:facilitator-list")).content.decode()
    assert "3375010101900001" not in content
    assert "081234567890" not in content
    assert "0001" in content


def test_the_full_nik_shows_only_after_staff_ask_for_it(staff):
    facilitator = FacilitatorFactory(nik="3375010101900001")
    detail = staff.get(facilitator.get_absolute_url()).content.decode()
    assert "3375010101900001" not in detail
    revealed = staff.post(reverse("home:facilitator-reveal-nik", args=[facilitator.pk]))
    assert "3375010101900001" in revealed.content.decode()


def test_revealing_a_nik_is_recorded(staff, staff_user):
    facilitator = FacilitatorFactory(nik="3375010101900001")
    staff.post(reverse("home:facilitator-reveal-nik", args=[facilitator.pk]))
    disclosure = Disclosure.objects.get()
    assert (disclosure.user, disclosure.facilitator) == (staff_user, facilitator)


def test_a_supervisor_sees_the_masked_nik_and_no_reveal_button(client, supervisor_user):
    facilitator = FacilitatorFactory(nik="3375010101900001")
    client.force_login(supervisor_user)
    content = client.get(facilitator.get_absolute_url()).content.decode()
    assert "3375010101900001" not in content
    assert "Tampilkan NIK lengkap" not in content


def test_staff_add_a_facilitator(staff):
    response = staff.post(
        reverse("registry:facilitator-create"),
        {"name": "Sri Rahayu", "nik": "3375010101900002", "sex": "P", "phone": "081298765432"},
    )
    facilitator = Facilitator.objects.get(name="Sri Rahayu")
    assert response["Location"] == facilitator.get_absolute_url()


def test_a_bad_nik_and_phone_are_refused_in_indonesian(staff):
    response = staff.post(
        reverse("registry:facilitator-create"),
        {"name": "Sri", "nik": "12345", "sex": "P", "phone": "12345"},
    )
    content = response.content.decode()
    assert "NIK harus terdiri dari tepat 16 angka." in content
    assert "Masukkan nomor ponsel Indonesia" in content
    assert not Facilitator.objects.exists()


def test_editing_saves_only_the_changed_fields(staff):
    facilitator = FacilitatorFactory(name="Sri", phone="081211110000", email="lama@contoh.id")
    url = reverse("registry:facilitator-update", args=[facilitator.pk])
    shown = staff.get(url).context["form"]
    data = {}
    for name, field in shown.fields.items():
        value = field.prepare_value(shown.initial.get(name)) or ""
        data[name] = data[f"initial-{name}"] = value
    # A colleague changes the e-mail meanwhile; this edit only touches the phone.
    Facilitator.objects.filter(pk=facilitator.pk).update(email="baru@contoh.id")
    data["phone"] = "081299990000"
    staff.post(url, data)
    facilitator.refresh_from_db()
    assert facilitator.phone == "081299990000"
    assert facilitator.email == "baru@contoh.id"


def test_an_unknown_facilitator_is_a_404(staff):
    assert staff.get(reverse("home:facilitator-detail", args=[999999])).status_code == 404


def test_on_a_register_with_many_kecamatan_the_filter_takes_a_name(staff):
    for n in range(FacilitatorFilterForm.KECAMATAN_CHOICES_LIMIT):
        KecamatanFactory(code=f"98.{n // 100:02d}.{n % 100:02d}")
    far = KecamatanFactory(code="97.01.01", name="Sukamaju Jauh")
    AssignmentFactory(facilitator__name="Ani", kelurahan=KelurahanFactory(kecamatan=far))
    AssignmentFactory(facilitator__name="Bayu")
    response = search(staff, kecamatan="sukamaju")
    assert names_on(response) == ["Ani"]
    assert '<select name="kecamatan"' not in response.content.decode()


def test_each_row_shows_its_status_on_the_day(staff):
    AssignmentFactory(facilitator__name="Ani")
    FacilitatorFactory(name="Citra")  # reserve
    FacilitatorFactory(name="Dodi", is_active=False)
    response = staff.get(reverse("home:facilitator-list"))
    badges = [(f.name, str(f.status.label)) for f in response.context["page"].object_list]
    assert badges == [("Ani", "Bertugas"), ("Citra", "Cadangan"), ("Dodi", "Tidak aktif")]
    html = response.content.decode()
    assert '<span class="badge badge-ok">Bertugas</span>' in html
    assert '<span class="badge badge-warn">Cadangan</span>' in html
    assert '<span class="badge badge-muted">Tidak aktif</span>' in html
    assert '<span class="badge badge-muted"></span>' not in html


def test_by_name_is_case_and_accent_insensitive(staff):
    for name in ["Zaki", "dr. Belinda", "Élan", "budi", "Ani"]:
        FacilitatorFactory(name=name)
    url = reverse("home:facilitator-list")
    expected = ["Ani", "budi", "dr. Belinda", "Élan", "Zaki"]
    assert names_on(staff.get(url)) == expected
    assert names_on(staff.get(url, {"sort": "-name"})) == expected[::-1]
