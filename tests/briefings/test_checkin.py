"""Self check-in with the session's QR code: each refusal with its message, a
check-in marks Hadir at its time, never over a row staff recorded, and a code
is worthless once its minute has passed."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from briefings.checkin import checkin_code
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from tests.briefings.conftest import at, rows_data
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(day_briefing):
    return day_briefing.sessions.get()


@pytest.fixture
def ahmad(client, facilitator):
    client.force_login(facilitator.user)
    return client


def check_in_url(session, code) -> str:
    return reverse("briefings:check-in", args=[session.pk, code])


def check_in(client, session, moment, *, made_at=None):
    """Scan the code shown at `made_at` (default: now) and check in at `moment`."""
    code = checkin_code(session, made_at or moment)
    with time_machine.travel(moment, tick=False):
        return client.post(check_in_url(session, code), follow=True)


def refusal_of(response) -> str:
    found = re.search(r'data-testid="refusal">([^<]*)<', response.content.decode())
    return found.group(1) if found else ""


def test_a_check_in_marks_the_facilitator_present_at_that_time(ahmad, session, facilitator):
    response = check_in(ahmad, session, at(9, 7, 30))

    attendance = Attendance.objects.get(session=session, facilitator=facilitator)
    assert (attendance.status, attendance.checked_in) == ("hadir", True)
    assert attendance.recorded_at == at(9, 7, 30)
    assert attendance.recorded_by == facilitator.user
    assert "Anda sudah check-in: hadir pukul 09:07." in response.content.decode()


def test_the_scan_opens_a_page_that_asks_before_checking_in(ahmad, session):
    with time_machine.travel(at(8, 50), tick=False):
        page = ahmad.get(check_in_url(session, checkin_code(session, at(8, 50))))
    assert 'data-testid="check-in"' in page.content.decode()
    assert not Attendance.objects.exists()  # opening the page records nothing


def test_a_code_of_another_session_is_refused(ahmad, session, day_briefing):
    other = BriefingSessionFactory(briefing=day_briefing, date=session.date, venue="Ruang 2")
    code = checkin_code(other, at(9, 30))
    with time_machine.travel(at(9, 30), tick=False):
        response = ahmad.post(check_in_url(session, code))
    assert refusal_of(response) == (
        "Kode QR ini milik sesi lain. Pindai kode yang tampil di sesi yang Anda ikuti."
    )
    assert not Attendance.objects.exists()


def test_a_made_up_code_is_refused(ahmad, session):
    with time_machine.travel(at(9, 30), tick=False):
        forged = f"{session.pk}-{int(at(9, 30).timestamp()) // 60}:bukan-tanda-tangan"
        response = ahmad.post(check_in_url(session, forged))
    assert refusal_of(response).startswith("Kode QR ini tidak sah.")
    assert not Attendance.objects.exists()


def test_a_code_older_than_the_minute_before_is_refused(ahmad, session, facilitator):
    shown = at(9, 20, 0)
    assert refusal_of(check_in(ahmad, session, at(9, 22, 0), made_at=shown)) == (
        "Kode QR ini sudah kedaluwarsa: kode berganti setiap menit. Pindai kode yang tampil "
        "sekarang."
    )
    assert not Attendance.objects.exists()
    # The code of the minute before still counts, to its last second.
    check_in(ahmad, session, at(9, 21, 59), made_at=shown)
    assert Attendance.objects.get(facilitator=facilitator).status == "hadir"


def test_a_code_scanned_just_as_it_changes_counts(ahmad, session, facilitator):
    response = check_in(ahmad, session, at(9, 21, 0), made_at=at(9, 20, 59))

    assert refusal_of(response) == ""
    assert Attendance.objects.get(facilitator=facilitator).recorded_at == at(9, 21, 0)


def test_a_code_of_a_minute_to_come_is_refused(ahmad, session):
    assert refusal_of(check_in(ahmad, session, at(9, 20, 59), made_at=at(9, 21, 0))) != ""
    assert not Attendance.objects.exists()


def sign_in_from_a_scan(session, scanned_at, signed_in_at) -> tuple[Client, str]:
    """Someone not signed in scans the code shown at `scanned_at` and signs in at
    `signed_in_at`: the browser and the page it lands on."""
    phone = Client()
    code = checkin_code(session, scanned_at)
    with time_machine.travel(scanned_at, tick=False):
        to_sign_in = phone.get(check_in_url(session, code))
    assert to_sign_in.status_code == 302 and to_sign_in["Location"].startswith("/accounts/login/")
    with time_machine.travel(signed_in_at, tick=False):
        signed_in = phone.post(
            to_sign_in["Location"], {"username": "ahmad.faskel", "password": PASSWORD}
        )
        landing = signed_in["Location"]
        assert landing.startswith(check_in_url(session, code))
    return phone, landing


def test_who_signs_in_after_scanning_lands_on_a_check_in_that_works(session, facilitator):
    phone, landing = sign_in_from_a_scan(session, at(9, 20, 30), at(9, 24))

    with time_machine.travel(at(9, 24, 10), tick=False):
        page = phone.get(landing)
        assert page.status_code == 200 and 'data-testid="check-in"' in page.content.decode()
        done = phone.post(landing, follow=True)
    assert "Anda sudah check-in: hadir pukul 09:24." in done.content.decode()
    assert Attendance.objects.get(facilitator=facilitator).checked_in


def test_who_signs_in_too_late_is_asked_to_scan_the_code_shown_now(session):
    phone, landing = sign_in_from_a_scan(session, at(9, 20, 30), at(9, 31))

    with time_machine.travel(at(9, 31), tick=False):
        page = phone.get(landing)
    assert page.status_code == 200
    assert refusal_of(page) == (
        "Kode QR yang Anda pindai kedaluwarsa saat Anda masuk. Pindai kode yang tampil di "
        "layar panitia sekarang untuk check-in."
    )
    assert "Rapat Koordinasi Fasilitator" in page.content.decode()
    assert not Attendance.objects.exists()


def test_outside_the_window_a_check_in_is_refused(ahmad, session):
    early = check_in(ahmad, session, at(8, 44))
    assert refusal_of(early) == "Check-in sesi ini baru dibuka pukul 08:45."
    late = check_in(ahmad, session, at(12, 0, 30))
    assert refusal_of(late) == "Check-in sesi ini sudah ditutup pukul 12:00, saat sesi berakhir."
    assert not Attendance.objects.exists()
    check_in(ahmad, session, at(8, 45))  # the window opens 15 minutes before the start
    assert Attendance.objects.count() == 1


def test_a_facilitator_who_is_not_invited_is_refused(client, other_facilitator, session):
    client.force_login(other_facilitator.user)
    response = check_in(client, session, at(9, 10))
    assert refusal_of(response) == (
        "Anda tidak diundang ke pembekalan ini sehingga tidak dapat check-in."
    )
    assert not Attendance.objects.exists()


def test_a_second_check_in_is_refused(ahmad, session):
    check_in(ahmad, session, at(9, 5))
    again = check_in(ahmad, session, at(9, 40))
    assert refusal_of(again) == "Anda sudah check-in di sesi ini pukul 09:05."
    assert Attendance.objects.get().recorded_at == at(9, 5)


def test_a_check_in_never_changes_what_staff_recorded(
    ahmad, client_of, staff_user, session, facilitator
):
    with time_machine.travel(at(9, 1), tick=False):
        staff = client_of(staff_user)
        staff.post(
            reverse("briefings:session-attendance", args=[session.briefing_id, session.pk]),
            rows_data([(facilitator.pk, "sakit", "Surat dokter")]),
        )
        ahmad.force_login(facilitator.user)
    response = check_in(ahmad, session, at(9, 30))

    assert refusal_of(response) == (
        "Panitia sudah mencatat kehadiran Anda di sesi ini (Sakit); check-in tidak "
        "mengubahnya. Hubungi panitia bila keliru."
    )
    attendance = Attendance.objects.get(facilitator=facilitator)
    assert (attendance.status, attendance.note, attendance.checked_in) == (
        "sakit",
        "Surat dokter",
        False,
    )
    assert attendance.recorded_by == staff_user


def test_only_a_facilitators_login_can_check_in(client_of, staff_user, session):
    staff = client_of(staff_user)
    with time_machine.travel(at(9, 10), tick=False):
        response = staff.post(check_in_url(session, checkin_code(session, at(9, 10))))
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_staff_see_the_code_during_the_window_and_the_count_rise(staff_user, facilitator, session):
    url = reverse("briefings:session-checkin", args=[session.briefing_id, session.pk])
    staff, ahmad = Client(), Client()
    staff.force_login(staff_user)
    ahmad.force_login(facilitator.user)
    with time_machine.travel(at(8, 30), tick=False):
        before = staff.get(url).content.decode()
    assert "<svg" not in before and "Check-in dibuka pada 2 Mei 2024, 08:45." in before

    with time_machine.travel(at(9, 0), tick=False):
        shown = staff.get(url).content.decode()
    assert (
        '<svg viewBox="0 0' in shown
        and "<script" not in shown.split("<main")[1].split("</main>")[0]
    )
    scanned = re.search(r'data-testid="checkin-url">([^<]+)<', shown).group(1)
    assert scanned.endswith(check_in_url(session, checkin_code(session, at(9, 0))))
    assert "0 dari 5 sudah check-in" in shown

    check_in(ahmad, session, at(9, 0, 30))
    with time_machine.travel(at(9, 1), tick=False):
        counted = staff.get(url).content.decode()
        form = staff.get(
            reverse("briefings:session-attendance", args=[session.briefing_id, session.pk])
        ).content.decode()
    assert "1 dari 5 sudah check-in" in counted
    assert "1 fasilitator sudah check-in dengan kode QR." in form
    assert "check-in 09:00" in form
