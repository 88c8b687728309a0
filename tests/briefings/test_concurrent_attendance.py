"""Two staff members saving the same session's attendance at the same moment,
on PostgreSQL's real locks: one waits for the other, neither gets an error,
and every row ends up as one of them saved it."""

import pytest

from briefings import services
from briefings.models import Attendance
from briefings.services import AttendanceEntry
from tests.assignments.test_concurrency import run_at_once
from tests.conftest import make_user, transactional

pytestmark = [pytest.mark.postgresql, *transactional]


def test_simultaneous_saves_of_one_session_are_applied_one_after_the_other(briefing):
    session = briefing.sessions.get()
    people = list(briefing.invitees.all())
    siti, budi = make_user("siti"), make_user("budi")

    def save(status, by):
        entries = [AttendanceEntry(facilitator_id=p.pk, status=status) for p in people]
        return lambda: services.attendance_record(session=session, entries=entries, by=by)

    outcomes = run_at_once([save("hadir", siti), save("izin", budi)])

    assert all(isinstance(o, services.AttendanceResult) for o in outcomes), outcomes
    assert sorted((o.created, o.changed) for o in outcomes) == [(0, 4), (4, 0)]
    rows = set(Attendance.objects.values_list("status", "recorded_by__username"))
    assert rows in ({("hadir", "siti")}, {("izin", "budi")})
    assert Attendance.objects.count() == 4
