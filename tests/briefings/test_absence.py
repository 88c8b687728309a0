"""Excused absence asked in advance: a facilitator's izin with a letter waits,
pre-filled, on the staff's attendance form; saving it as asked accepts it and
records Izin with the reason; the letter goes only to the facilitator and to
those who record that session's attendance for them."""

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts import roles
from briefings.models import AbsenceRequest, Attendance
from tests.briefings.conftest import at, form_fields, rows_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8825)[1] = "S"  # a GPS position: never kept
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def session(day_briefing):
    return day_briefing.sessions.get()


@pytest.fixture
def asked(facilitator, day_briefing, session):
    """Ahmad, a week before, asks to be excused with a photo of his letter."""
    client = Client()
    client.force_login(facilitator.user)
    with time_machine.travel(at(10).replace(day=25, month=4), tick=False):
        response = client.post(
            reverse("briefings:my-briefing", args=[day_briefing.pk]),
            {
                "session": session.pk,
                "kind": "izin",
                "reason": "Mendampingi musrenbang kelurahan",
                "letter": SimpleUploadedFile("surat.jpg", jpeg_with_gps(), "image/jpeg"),
            },
        )
    assert response.status_code == 302, response.content.decode()
    return AbsenceRequest.objects.get()


def form_url(session) -> str:
    return reverse("briefings:session-attendance", args=[session.briefing_id, session.pk])


def test_the_request_and_its_letter_are_kept_without_the_photos_metadata(asked, facilitator):
    assert (asked.facilitator, asked.kind, asked.state) == (facilitator, "izin", "pending")
    kept = asked.letter.read()
    assert Image.open(io.BytesIO(kept)).getexif().get_ifd(0x8825) == {}
    assert asked.letter_type == "image/jpeg"


def test_the_request_waits_pre_filled_on_the_staff_form(staff, asked, session, facilitator):
    with time_machine.travel(at(9, 10), tick=False):
        response = staff.get(form_url(session))
    page = response.content.decode()
    assert "Mengajukan sebelumnya: Izin" in page
    assert reverse("briefings:absence-letter", args=[asked.pk]) in page
    fields = form_fields(response, "attendance-form")
    row = next(
        key.removesuffix("-facilitator")
        for key, value in fields.items()
        if key.endswith("-facilitator") and value == [str(facilitator.pk)]
    )
    assert fields[f"{row}-status"] == ["izin"]
    assert fields[f"{row}-note"] == ["Mendampingi musrenbang kelurahan"]


def test_saving_the_row_as_asked_accepts_it_and_records_izin_with_the_note(
    staff, staff_user, asked, session, facilitator
):
    with time_machine.travel(at(9, 10), tick=False):
        fields = form_fields(staff.get(form_url(session)), "attendance-form")
        staff.post(form_url(session), fields)

    attendance = Attendance.objects.get(session=session, facilitator=facilitator)
    assert (attendance.status, attendance.note) == ("izin", "Mendampingi musrenbang kelurahan")
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == ("accepted", staff_user)


def test_another_status_rejects_it(staff, asked, session, facilitator):
    with time_machine.travel(at(9, 10), tick=False):
        staff.post(form_url(session), rows_data([(facilitator.pk, "tidak_hadir", "")]))
    asked.refresh_from_db()
    assert asked.state == "rejected"
    assert Attendance.objects.get(facilitator=facilitator).status == "tidak_hadir"


def test_the_letter_goes_to_its_facilitator_and_to_who_records_the_session(
    asked, facilitator, other_facilitator, staff_user, supervisor_user, wilayah
):
    url = reverse("briefings:absence-letter", args=[asked.pk])
    barat = make_user("koor.barat", roles.AREA_COORDINATOR, area="33.75.01")
    answers = {}
    for label, user in [
        ("anonymous", None),
        ("facilitator", facilitator.user),
        ("another facilitator", other_facilitator.user),
        ("supervisor", supervisor_user),
        ("staff", staff_user),
        ("coordinator of another area", barat),
    ]:
        client = Client()
        if user:
            client.force_login(user)
        response = client.get(url)
        answers[label] = response.status_code
        if response.status_code == 200:
            assert response["Content-Type"] == "image/jpeg"
            assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert answers == {
        "anonymous": 404,
        "facilitator": 200,
        "another facilitator": 404,
        "supervisor": 404,
        "staff": 200,
        "coordinator of another area": 404,
    }


def test_the_coordinator_of_the_facilitators_area_gets_the_letter(asked, facilitator, wilayah):
    from assignments.factories import AssignmentFactory
    from registry.models import Kelurahan

    AssignmentFactory(
        facilitator=facilitator, kelurahan=Kelurahan.objects.get(code="33.75.02.1004")
    )
    timur = make_user("koor.timur", roles.AREA_COORDINATOR, area="33.75.02")
    client = Client()
    client.force_login(timur)
    assert client.get(reverse("briefings:absence-letter", args=[asked.pk])).status_code == 200


def test_a_second_request_for_the_session_is_refused_until_the_first_is_withdrawn(
    client, asked, facilitator, day_briefing, session
):
    client.force_login(facilitator.user)
    page = reverse("briefings:my-briefing", args=[day_briefing.pk])
    with time_machine.travel(at(8), tick=False):
        assert "Saya berhalangan hadir" not in client.get(page).content.decode()
        client.post(reverse("briefings:absence-withdraw", args=[asked.pk]))
        asked.refresh_from_db()
        assert asked.state == "withdrawn"
        again = client.post(page, {"session": session.pk, "kind": "sakit", "reason": "Demam"})
    assert again.status_code == 302
    assert AbsenceRequest.objects.filter(state="pending", kind="sakit").count() == 1


def test_a_renamed_program_is_refused_as_a_letter(client, facilitator, day_briefing, session):
    client.force_login(facilitator.user)
    with time_machine.travel(at(8), tick=False):
        response = client.post(
            reverse("briefings:my-briefing", args=[day_briefing.pk]),
            {
                "session": session.pk,
                "kind": "sakit",
                "reason": "Demam",
                "letter": SimpleUploadedFile("surat.pdf", b"MZ\x90\x00program", "application/pdf"),
            },
        )
    assert response.status_code == 200
    assert "bukan foto" in response.content.decode() or "bukan" in response.content.decode()
    assert not AbsenceRequest.objects.exists()
