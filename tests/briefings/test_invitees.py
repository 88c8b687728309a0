"""Who is invited: everyone active on the first day by default, then changed on the
invitees page by name, by area or all at once; the briefing's page shows the
invitees a page at a time."""

import datetime

import pytest
from django.urls import reverse

from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory, BriefingSessionFactory
from briefings.models import Briefing
from registry.factories import FacilitatorFactory, KelurahanFactory
from tests.briefings.conftest import form_fields

pytestmark = pytest.mark.django_db

CREATE = reverse("briefings:briefing-create")


def invitees_url(briefing) -> str:
    return reverse("briefings:invitees", args=[briefing.pk])


def new_briefing(staff, **changes):
    fields = form_fields(staff.get(CREATE), "briefing-form")
    fields.update(
        {
            "title": ["Rapat koordinasi"],
            "sessions-0-date": ["2024-05-02"],
            "sessions-0-start_time": ["09:00"],
            "sessions-0-end_time": ["12:00"],
            "sessions-0-venue": ["Aula DPMPPA"],
        }
    )
    fields.update(changes)
    staff.post(CREATE, fields)
    return Briefing.objects.get()


def test_a_new_briefing_invites_everyone_active_on_its_first_day(staff, invitees):
    FacilitatorFactory(name="Eko", is_active=False)

    briefing = new_briefing(staff)

    assert set(briefing.invitees.all()) == set(invitees)


def test_unticked_a_new_briefing_invites_nobody_yet(staff, invitees):
    fields = form_fields(staff.get(CREATE), "briefing-form")
    assert fields["invite_everyone"] == ["on"]  # ticked unless staff untick it

    briefing = new_briefing(staff, invite_everyone=[])

    assert not briefing.invitees.exists()


def test_the_edit_page_lists_no_facilitator_and_links_to_the_invitees(staff, briefing):
    page = staff.get(reverse("briefings:briefing-update", args=[briefing.pk])).content.decode()
    assert "Ani" not in page
    assert invitees_url(briefing) in page


def test_a_search_by_name_finds_those_not_yet_invited_and_invites_the_ticked(staff, briefing):
    eko = FacilitatorFactory(name="Eko Prasetyo")
    FacilitatorFactory(name="Eko Lama", is_active=False)

    found = staff.get(invitees_url(briefing), {"q": "eko"}).content.decode()
    assert "Eko Prasetyo" in found
    assert "Eko Lama" not in found  # not active
    assert (
        staff.get(invitees_url(briefing), {"q": "ani"}).content.decode().count('name="add"') == 0
    )  # Ani is invited already

    response = staff.post(invitees_url(briefing), {"action": "add", "add": [eko.pk]})

    assert response.status_code == 302
    assert eko in briefing.invitees.all()


def test_ticked_invitees_are_left_out_and_a_colleagues_invitation_stays(staff, briefing, invitees):
    ani, bayu, citra, dodi = invitees
    fajar = FacilitatorFactory(name="Fajar")
    briefing.invitees.add(fajar)  # a colleague, meanwhile

    staff.post(invitees_url(briefing), {"action": "remove", "remove": [dodi.pk]})

    assert set(briefing.invitees.all()) == {ani, bayu, citra, fajar}


def test_someone_whose_attendance_is_recorded_stays_invited(staff, briefing, invitees):
    dodi = invitees[-1]
    AttendanceFactory(session=briefing.sessions.get(), facilitator=dodi, status="izin")

    response = staff.post(invitees_url(briefing), {"action": "remove", "remove": [dodi.pk]})

    assert response.status_code == 200
    assert (
        "Kehadiran Dodi pada pembekalan ini sudah dicatat sehingga tetap diundang."
        in response.content.decode()
    )
    assert dodi in briefing.invitees.all()


def test_a_whole_kelurahan_is_invited_by_its_name_or_code(staff, invitees):
    session = BriefingSessionFactory(date=datetime.date(2024, 5, 2))
    briefing = session.briefing
    kauman = invitees[1].assignments.get().kelurahan
    newcomer = AssignmentFactory(
        kelurahan=KelurahanFactory(kecamatan=kauman.kecamatan),
        start_date=datetime.date(2024, 6, 1),
    )

    staff.post(invitees_url(briefing), {"action": "area", "area": "kauman"})
    assert list(briefing.invitees.all()) == [invitees[1]]

    staff.post(invitees_url(briefing), {"action": "area", "area": kauman.kecamatan.code})
    assert list(briefing.invitees.all()) == [invitees[1]]
    assert newcomer.facilitator not in briefing.invitees.all()  # posted after the first day

    refused = staff.post(invitees_url(briefing), {"action": "area", "area": "Atlantis"})
    assert "Tidak ada kecamatan atau kelurahan bernama “Atlantis”" in refused.content.decode()


def test_everyone_active_on_the_first_day_is_invited_at_once(staff, invitees):
    briefing = BriefingSessionFactory(date=datetime.date(2024, 5, 2)).briefing
    FacilitatorFactory(name="Eko", is_active=False)

    staff.post(invitees_url(briefing), {"action": "everyone"})

    assert set(briefing.invitees.all()) == set(invitees)


def test_an_invitee_number_beyond_the_database_is_refused_not_a_crash(staff, briefing):
    response = staff.post(invitees_url(briefing), {"action": "add", "add": [str(2**63)]})
    assert response.status_code == 200
    assert briefing.invitees.count() == 4


def test_the_briefings_page_shows_its_invitees_fifty_at_a_time(staff, briefing):
    briefing.invitees.add(*[FacilitatorFactory(name=f"Zaki {n:02d}") for n in range(60)])
    url = reverse("briefings:briefing-detail", args=[briefing.pk])

    first = staff.get(url).content.decode()
    second = staff.get(url, {"page": 2}).content.decode()

    assert 'data-testid="invited-count">64 fasilitator' in first
    assert ">Zaki 45</a>" in first and ">Zaki 46</a>" not in first
    assert ">Zaki 46</a>" in second and ">Zaki 59</a>" in second
    assert 'rel="next"' in first
