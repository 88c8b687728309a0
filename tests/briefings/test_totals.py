"""The briefing page shows the totals, per session and for the whole briefing."""

import pytest
from django.urls import reverse

from briefings.factories import AttendanceFactory, BriefingSessionFactory
from briefings.models import AttendanceTotals

pytestmark = pytest.mark.django_db


def shown(content: str, key: str, column: str) -> str:
    marker = f'data-testid="{key}-{column}">'
    start = content.index(marker) + len(marker)
    return content[start : content.index("<", start)]


def record(session, statuses):
    for person, status in statuses:
        AttendanceFactory(session=session, facilitator=person, status=status)


def test_a_one_session_briefing_shows_its_totals(client, supervisor_user, briefing):
    ani, bayu, citra, dodi = briefing.invitees.order_by("name")
    record(briefing.sessions.get(), [(ani, "hadir"), (bayu, "hadir"), (citra, "izin")])
    client.force_login(supervisor_user)

    content = client.get(briefing.get_absolute_url()).content.decode()

    assert [shown(content, "session-1", c) for c in ["present", "excused", "sick", "absent"]] == [
        "2",
        "1",
        "0",
        "0",
    ]
    assert shown(content, "session-1", "not-recorded") == "1"  # Dodi
    assert shown(content, "session-1", "rate") == "66,7%"  # 2 of the 3 recorded
    assert shown(content, "overall-present", "stat") == "2 / 4"
    assert "Seluruh pembekalan" not in content  # one session: no second total row


def test_a_two_session_briefing_shows_each_session_and_the_whole(client, staff_user, bimtek):
    first, second = bimtek.sessions.all()
    ani, bayu, citra, dodi = bimtek.invitees.order_by("name")
    record(first, [(ani, "hadir"), (bayu, "hadir"), (citra, "sakit"), (dodi, "tidak_hadir")])
    record(second, [(ani, "hadir"), (bayu, "izin"), (citra, "hadir")])
    client.force_login(staff_user)

    content = client.get(bimtek.get_absolute_url()).content.decode()

    columns = ["present", "excused", "sick", "absent", "not-recorded", "rate"]
    assert [shown(content, "session-1", c) for c in columns] == ["2", "0", "1", "1", "0", "50,0%"]
    assert [shown(content, "session-2", c) for c in columns] == ["2", "1", "0", "0", "1", "66,7%"]
    assert "Seluruh pembekalan" in content
    assert [shown(content, "overall", c) for c in columns] == ["4", "1", "1", "1", "1", "57,1%"]
    assert shown(content, "overall-present", "stat") == "4 / 8"


def test_the_invitee_table_shows_each_status_per_session(client, staff_user, bimtek):
    first, _second = bimtek.sessions.all()
    record(first, [(bimtek.invitees.get(name="Citra"), "sakit")])
    client.force_login(staff_user)

    content = client.get(bimtek.get_absolute_url()).content.decode()

    assert '<span class="status status-sakit">Sakit</span>' in content
    assert content.count("belum dicatat") >= 7  # the other seven facilitator-sessions


def test_the_list_shows_present_of_recorded_per_briefing(client, supervisor_user, briefing):
    ani, bayu, *_ = briefing.invitees.order_by("name")
    record(briefing.sessions.get(), [(ani, "hadir"), (bayu, "tidak_hadir")])
    BriefingSessionFactory(briefing__title="Bimtek tanpa kehadiran")
    client.force_login(supervisor_user)

    content = client.get(reverse("briefings:briefing-list")).content.decode()

    assert "Pembekalan Pemberdayaan Masyarakat" in content
    assert "1 dari 2" in content
    assert "Bimtek tanpa kehadiran" in content
    assert "13 Februari 2019" in content


def test_totals_add_up_across_sessions():
    first = AttendanceTotals(expected=30, present=26, excused=2, sick=1, absent=1)
    second = AttendanceTotals(expected=30, present=20)

    whole = first + second

    assert (whole.expected, whole.present, whole.recorded, whole.not_recorded) == (60, 46, 50, 10)
    assert whole.rate == 46 / 50
    assert whole.rate_text == "92,0%"
    assert AttendanceTotals(expected=30).rate is None


def test_the_briefing_page_links_its_attendance_sheets_and_shows_its_history(
    client, supervisor_user
):
    session = BriefingSessionFactory(briefing__title="Pembekalan Uji")
    client.force_login(supervisor_user)
    content = client.get(reverse("briefings:briefing-detail", args=[session.briefing_id])).content
    content = content.decode()
    sheet = reverse("reports:attendance-sheet", args=[session.briefing_id])
    assert f"{sheet}?kind=blank" in content
    assert f"{sheet}?kind=recorded" in content
    assert "Riwayat perubahan" in content


def test_the_list_counts_attendance_without_sorting_it(
    client, supervisor_user, briefing, django_assert_num_queries
):
    """The totals are counted straight from the attendance (an index at a national
    scale): no facilitator joined, nothing sorted, for each of the page's briefings.
    Attendance's default order (by name) inside the counts took the list of 500
    briefings of a million attendance rows to 426 ms."""
    ani, bayu, citra, _dodi = briefing.invitees.order_by("name")
    record(briefing.sessions.get(), [(ani, "hadir"), (bayu, "hadir"), (citra, "izin")])
    client.force_login(supervisor_user)

    # the session, the user, the permissions; the page's briefings with their totals,
    # and their count
    with django_assert_num_queries(5) as captured:
        content = client.get(reverse("briefings:briefing-list")).content.decode()

    assert "2 dari 3" in content
    listed = next(q["sql"] for q in captured.captured_queries if "briefings_attendance" in q["sql"])
    assert "registry_facilitator" not in listed
    assert listed.count("ORDER BY") == 3  # the first day, the last day, the list itself
