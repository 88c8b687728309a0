"""Taking attendance: every invitee of a session on one form, saved at once."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from briefings.factories import AttendanceFactory, BriefingSessionFactory
from briefings.forms import ATTENDANCE_ROWS_PER_PAGE as ROWS_PER_PAGE
from briefings.models import Attendance
from registry.factories import FacilitatorFactory
from tests.briefings.conftest import rows_data

pytestmark = pytest.mark.django_db


def attendance_url(briefing) -> str:
    return reverse("briefings:briefing-attendance", args=[briefing.pk])


def statuses(session) -> dict[str, tuple[str, str]]:
    return {
        a.facilitator.name: (a.status, a.note)
        for a in session.attendances.select_related("facilitator")
    }


def test_a_one_session_briefing_opens_its_form_without_asking_for_the_session(staff, briefing):
    response = staff.get(attendance_url(briefing))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rabu, 13 Februari 2019" in content
    assert "Sesi mana" not in content
    assert content.count('type="radio"') == 4 * 4  # four invitees, four choices each


def test_every_invitee_has_a_row_with_name_and_kelurahan(staff, briefing):
    content = staff.get(attendance_url(briefing)).content.decode()

    for name, place in [("Ani", "Medono"), ("Bayu", "Kauman"), ("Citra", "Klego")]:
        assert name in content
        assert place in content
    assert "Dodi" in content
    assert "cadangan" in content  # Dodi has no kelurahan
    for label in ["Hadir", "Izin", "Sakit", "Tidak hadir"]:
        assert f"<span>{label}</span>" in content


@time_machine.travel(datetime.datetime(2019, 2, 13, 15, 30, tzinfo=datetime.UTC), tick=False)
def test_saving_a_full_form_records_every_row_with_who_and_when(staff, staff_user, briefing):
    ani, bayu, citra, dodi = briefing.invitees.order_by("name")
    data = rows_data(
        [
            (ani.pk, "hadir", ""),
            (bayu.pk, "izin", "Rapat di kelurahan"),
            (citra.pk, "sakit", ""),
            (dodi.pk, "tidak_hadir", ""),
        ]
    )

    response = staff.post(attendance_url(briefing), data, follow=True)

    session = briefing.sessions.get()
    assert statuses(session) == {
        "Ani": ("hadir", ""),
        "Bayu": ("izin", "Rapat di kelurahan"),
        "Citra": ("sakit", ""),
        "Dodi": ("tidak_hadir", ""),
    }
    recorders = set(session.attendances.values_list("recorded_by", "recorded_at"))
    assert recorders == {
        (staff_user.pk, datetime.datetime(2019, 2, 13, 15, 30, tzinfo=datetime.UTC))
    }
    assert response.redirect_chain == [(briefing.get_absolute_url(), 302)]
    assert "Kehadiran 13 Februari 2019 disimpan: 4 baru, 0 diperbaiki." in (
        response.content.decode()
    )


def test_the_form_opens_again_with_what_was_saved_and_takes_corrections(
    staff, staff_user, supervisor_user, briefing
):
    ani, bayu, citra, dodi = briefing.invitees.order_by("name")
    session = briefing.sessions.get()
    first_time = datetime.datetime(2019, 2, 13, 9, 0, tzinfo=datetime.UTC)
    for person, status in [(ani, "hadir"), (bayu, "hadir"), (citra, "sakit"), (dodi, "izin")]:
        AttendanceFactory(
            session=session,
            facilitator=person,
            status=status,
            recorded_by=supervisor_user,
            recorded_at=first_time,
        )

    shown = staff.get(attendance_url(briefing)).content.decode()
    assert shown.count("checked") == 4
    assert 'name="rows-2-status" value="sakit" checked' in shown  # Citra, third by name

    # Bayu in fact came late with a note; Dodi was absent, not excused.
    data = rows_data(
        [
            (ani.pk, "hadir", ""),
            (bayu.pk, "hadir", "Datang terlambat"),
            (citra.pk, "sakit", ""),
            (dodi.pk, "tidak_hadir", ""),
        ]
    )
    response = staff.post(attendance_url(briefing), data, follow=True)

    assert statuses(session) == {
        "Ani": ("hadir", ""),
        "Bayu": ("hadir", "Datang terlambat"),
        "Citra": ("sakit", ""),
        "Dodi": ("tidak_hadir", ""),
    }
    assert Attendance.objects.count() == 4  # corrected in place, no second row
    recorders = dict(session.attendances.values_list("facilitator__name", "recorded_by"))
    # Rows saved again unchanged keep who recorded them first.
    assert recorders == {
        "Ani": supervisor_user.pk,
        "Bayu": staff_user.pk,
        "Citra": supervisor_user.pk,
        "Dodi": staff_user.pk,
    }
    assert "0 baru, 2 diperbaiki" in response.content.decode()


def test_rows_left_empty_stay_unrecorded_and_staff_are_told(staff, briefing):
    ani, bayu, citra, dodi = briefing.invitees.order_by("name")
    data = rows_data(
        [(ani.pk, "hadir", ""), (bayu.pk, "", ""), (citra.pk, "hadir", ""), (dodi.pk, "", "")]
    )

    response = staff.post(attendance_url(briefing), data, follow=True)

    assert set(statuses(briefing.sessions.get())) == {"Ani", "Citra"}
    assert "2 fasilitator yang diundang belum dicatat kehadirannya." in response.content.decode()


def test_an_empty_form_is_sent_back(staff, briefing):
    people = briefing.invitees.order_by("name")
    response = staff.post(attendance_url(briefing), rows_data([(p.pk, "", "") for p in people]))

    assert response.status_code == 200
    assert "Pilih kehadiran sedikitnya satu fasilitator." in response.content.decode()
    assert not Attendance.objects.exists()


def test_mark_all_present_works_without_javascript_and_saves_nothing(staff, briefing):
    ani, bayu, citra, dodi = briefing.invitees.order_by("name")
    data = rows_data(
        [
            (ani.pk, "", ""),
            (bayu.pk, "izin", "Rapat"),
            (citra.pk, "", ""),
            (dodi.pk, "", ""),
        ]
    )
    data["mark_all"] = "1"

    response = staff.post(attendance_url(briefing), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('value="hadir" checked') == 4
    assert 'value="Rapat"' in content  # the note typed so far stays
    assert "Semua ditandai hadir." in content
    assert not Attendance.objects.exists()


def test_a_briefing_with_two_sessions_asks_for_the_session_first(staff, bimtek):
    response = staff.get(attendance_url(bimtek))

    content = response.content.decode()
    assert "Sesi mana yang akan Anda catat?" in content
    for session in bimtek.sessions.all():
        url = reverse("briefings:session-attendance", args=[bimtek.pk, session.pk])
        assert f'href="{url}"' in content
    assert 'type="radio"' not in content


def test_each_session_of_a_two_session_briefing_is_recorded_on_its_own(staff, bimtek):
    first, second = bimtek.sessions.all()
    ani, bayu, citra, dodi = bimtek.invitees.order_by("name")
    url = reverse("briefings:session-attendance", args=[bimtek.pk, second.pk])

    shown = staff.get(url).content.decode()
    assert "Kamis, 21 Maret 2019" in shown

    staff.post(
        url,
        rows_data(
            [
                (ani.pk, "hadir", ""),
                (bayu.pk, "hadir", ""),
                (citra.pk, "sakit", ""),
                (dodi.pk, "hadir", ""),
            ]
        ),
    )

    assert statuses(first) == {}
    assert statuses(second)["Citra"] == ("sakit", "")
    assert len(statuses(second)) == 4


def test_a_session_of_another_briefing_is_not_found(staff, briefing, bimtek):
    other_session = bimtek.sessions.first()
    url = reverse("briefings:session-attendance", args=[briefing.pk, other_session.pk])
    assert staff.get(url).status_code == 404


def test_a_large_briefing_takes_attendance_page_by_page(client, staff_user):
    session = BriefingSessionFactory()
    invitees = FacilitatorFactory.create_batch(ROWS_PER_PAGE + 3)
    session.briefing.invitees.set(invitees)
    client.force_login(staff_user)
    url = reverse("briefings:session-attendance", args=[session.briefing_id, session.pk])

    first_page = client.get(url)
    assert first_page.context["formset"].total_form_count() == ROWS_PER_PAGE
    management = first_page.context["formset"].management_form.initial
    data = {f"rows-{key}": value for key, value in management.items()}
    for index, form in enumerate(first_page.context["formset"].forms):
        data[f"rows-{index}-facilitator"] = form.initial["facilitator"]
        data[f"rows-{index}-status"] = "hadir"
    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2"
    assert session.attendances.count() == ROWS_PER_PAGE
    second_page = client.get(response["Location"])
    assert second_page.context["formset"].total_form_count() == 3
    assert "51" in second_page.content.decode()  # numbering goes on from page one
