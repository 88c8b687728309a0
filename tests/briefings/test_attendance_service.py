"""attendance_record, the one way attendance is written: its checks hold for
every caller, not only the form."""

import pytest
from django.core.exceptions import ValidationError

from briefings import services
from briefings.models import Attendance
from briefings.services import AttendanceEntry
from registry.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db


def record(session, rows, by=None):
    entries = [AttendanceEntry(facilitator_id=f.pk, status=s, note=n) for f, s, n in rows]
    return services.attendance_record(session=session, entries=entries, by=by)


def test_it_writes_every_row_and_counts_them(briefing, staff_user):
    session = briefing.sessions.get()
    people = list(briefing.invitees.order_by("name"))

    result = record(session, [(p, "hadir", "") for p in people], by=staff_user)

    assert result == services.AttendanceResult(created=4, changed=0, unchanged=0)
    assert session.attendances.filter(recorded_by=staff_user).count() == 4


def test_it_refuses_every_problem_at_once_and_saves_nothing(briefing):
    session = briefing.sessions.get()
    ani, bayu, *_ = briefing.invitees.order_by("name")
    stranger = FacilitatorFactory(name="Eko")

    with pytest.raises(ValidationError) as refusal:
        record(
            session,
            [
                (ani, "hadir", ""),
                (bayu, "bolos", ""),
                (stranger, "hadir", ""),
                (ani, "izin", ""),
                (bayu, "hadir", "x" * 201),
            ],
        )

    messages = refusal.value.messages
    assert str(services.NOT_INVITED % {"facilitator": "Eko"}) in messages
    assert str(services.UNKNOWN_STATUS % {"status": "bolos", "facilitator": "Bayu"}) in messages
    assert str(services.DUPLICATE_ROW % {"facilitator": "Ani"}) in messages
    assert str(services.DUPLICATE_ROW % {"facilitator": "Bayu"}) in messages
    assert str(services.NOTE_TOO_LONG % {"facilitator": "Bayu", "max": 200}) in messages
    assert messages[-1] == str(services.ATTENDANCE_NOT_SAVED)
    assert not Attendance.objects.exists()


def test_a_row_without_a_status_leaves_an_earlier_record_as_it_was(briefing):
    session = briefing.sessions.get()
    ani = briefing.invitees.get(name="Ani")
    record(session, [(ani, "sakit", "Demam")])

    result = record(session, [(ani, None, "")])

    assert result.unchanged == 0 and result.changed == 0
    assert session.attendances.get().status == "sakit"


def test_attendance_of_another_briefing_is_not_touched(briefing, bimtek):
    ani = briefing.invitees.get(name="Ani")
    record(bimtek.sessions.first(), [(ani, "hadir", "")])

    record(briefing.sessions.get(), [(ani, "izin", "")])

    assert dict(Attendance.objects.values_list("session__briefing", "status")) == {
        bimtek.pk: "hadir",
        briefing.pk: "izin",
    }
