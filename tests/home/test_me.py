"""The facilitator's own page: their kelurahan, postings, briefings and contacts."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory, BriefingFactory, BriefingSessionFactory
from registry.factories import InstitutionFactory, KecamatanFactory, KelurahanFactory
from registry.models import Deactivation, Institution

pytestmark = pytest.mark.django_db

ME = reverse("home:me")


@pytest.fixture
def me(client, facilitator):
    client.force_login(facilitator.user)
    return client


@pytest.fixture
def medono(facilitator):
    """Ahmad is posted to Medono, after an earlier posting to Tirto."""
    barat = KecamatanFactory(code="33.75.01", name="Pekalongan Barat")
    tirto = KelurahanFactory(kecamatan=barat, code="33.75.01.1005", name="Tirto")
    medono = KelurahanFactory(
        kecamatan=barat,
        code="33.75.01.1002",
        name="Medono",
        postal_code="51111",
        office_address="Jl. Urip Sumoharjo No. 20",
    )
    AssignmentFactory(
        facilitator=facilitator,
        kelurahan=tirto,
        start_date=datetime.date(2016, 3, 1),
        end_date=datetime.date(2018, 12, 31),
    )
    AssignmentFactory(
        facilitator=facilitator,
        kelurahan=medono,
        start_date=datetime.date(2019, 1, 2),
        decree_number="800/017/DPMPPA/2019",
    )
    InstitutionFactory(
        kelurahan=medono,
        kind=Institution.Kind.LPM,
        name="LPM Medono",
        chair="H. Slamet Riyadi",
        phone="081325550001",
    )
    InstitutionFactory(
        kelurahan=medono,
        kind=Institution.Kind.BKM,
        name="BKM Medono Sejahtera",
        chair="Hj. Siti Aminah",
        phone="081325550002",
        email="bkm.medono@contoh.id",
    )
    return medono


def test_a_posted_facilitator_sees_their_kelurahan_and_its_institutions(me, medono):
    content = me.get(ME).content.decode()

    assert 'data-testid="kelurahan">Medono<' in content
    for fact in [
        "Kecamatan Pekalongan Barat",
        "33.75.01.1002",
        "51111",
        "Jl. Urip Sumoharjo No. 20",
        "800/017/DPMPPA/2019",
        "LPM Medono",
        "H. Slamet Riyadi",
        "081325550001",
        "BKM Medono Sejahtera",
        "Hj. Siti Aminah",
        "bkm.medono@contoh.id",
    ]:
        assert fact in content, fact
    assert "Anda berstatus cadangan" not in content


def test_they_see_their_posting_history(me, medono):
    content = me.get(ME).content.decode()

    assert "sejak 2 Jan 2019" in content
    assert "1 Mar 2016 – 31 Des 2018" in content
    assert content.index("sejak 2 Jan 2019") < content.index("1 Mar 2016 – 31 Des 2018")


def test_a_missing_bkm_is_said_so(me, medono):
    Institution.objects.filter(kind=Institution.Kind.BKM).delete()

    content = me.get(ME).content.decode()

    assert "Belum terdaftar: beri tahu DPMPPA jika kelurahan Anda memilikinya." in content


def test_they_see_their_briefings_with_their_own_attendance(me, facilitator, other_facilitator):
    briefing = BriefingFactory(title="Pembekalan Pemberdayaan Masyarakat")
    briefing.invitees.set([facilitator, other_facilitator])
    first = BriefingSessionFactory(briefing=briefing, date=datetime.date(2019, 2, 13))
    second = BriefingSessionFactory(briefing=briefing, date=datetime.date(2019, 2, 14))
    AttendanceFactory(session=first, facilitator=facilitator, status="izin", note="Sakit anak")
    AttendanceFactory(session=first, facilitator=other_facilitator, status="tidak_hadir")
    AttendanceFactory(session=second, facilitator=other_facilitator, status="hadir")
    upcoming = BriefingFactory(title="Bimtek Pelaporan 2030")
    upcoming.invitees.add(facilitator)
    BriefingSessionFactory(briefing=upcoming, date=datetime.date(2030, 5, 6))
    BriefingSessionFactory(briefing__title="Rapat yang tidak mengundang Ahmad")

    content = me.get(ME).content.decode()

    assert "13 Feb 2019" in content and "14 Feb 2019" in content
    assert '<span class="status status-izin">Izin</span> <span class="muted">(Sakit anak)' in (
        content
    )
    assert "Akan datang: Anda diundang" in content  # the 2030 bimtek
    assert content.count('<span class="status') == 1  # only their own record
    assert "Tidak hadir" not in content  # Dewi's record is not theirs
    assert "Rapat yang tidak mengundang Ahmad" not in content


def test_a_facilitator_in_reserve_is_told_so(me):
    content = me.get(ME).content.decode()

    assert "Anda berstatus cadangan" in content
    assert 'data-testid="kelurahan"' not in content
    assert "Belum pernah ditugaskan." in content


def test_an_inactive_facilitator_is_told_so_and_keeps_their_history(me, facilitator):
    AssignmentFactory(
        facilitator=facilitator,
        kelurahan__name="Klego",
        start_date=datetime.date(2016, 3, 1),
        end_date=datetime.date(2020, 6, 30),
    )
    Deactivation.objects.create(
        facilitator=facilitator, start_date=datetime.date(2020, 7, 1), reason="Selesai kontrak"
    )

    content = me.get(ME).content.decode()

    assert "Data Anda tidak aktif" in content
    assert "Anda berstatus cadangan" not in content
    assert "Klego" in content


def test_the_page_links_to_the_contact_form_and_the_password_change(me):
    content = me.get(ME).content.decode()

    assert f'href="{reverse("home:me-contact")}"' in content
    assert f'href="{reverse("password_change")}">Ganti kata sandi saya<' in content


def test_staff_and_supervisors_have_no_own_page(client, staff_user, supervisor_user):
    for user in (staff_user, supervisor_user):
        client.force_login(user)
        assert client.get(ME).status_code == 403
