"""A record's history as rows: when, who, which fields from what to what."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments.factories import AssignmentFactory
from audit.changes import CREATED, DELETED, NOBODY, Source, history_entries
from audit.records import facilitator_history, kelurahan_history
from briefings.factories import AttendanceFactory, BriefingFactory, BriefingSessionFactory
from briefings.history import briefing_history
from registry.factories import FacilitatorFactory, InstitutionFactory
from registry.models import Facilitator

pytestmark = pytest.mark.django_db


def changed(entry) -> dict[str, tuple[str, str]]:
    return {change.field: (change.old, change.new) for change in entry.changes}


def test_a_change_names_the_user_and_each_field_from_old_to_new(staff_user):
    facilitator = FacilitatorFactory(name="Rina", phone="081200000001", education="SMA")
    facilitator._history_user = staff_user
    facilitator.phone, facilitator.education = "081299999999", "S1"
    facilitator.save()

    newest = history_entries(Source(Facilitator.history.filter(id=facilitator.pk)))[0]

    assert (newest.who, newest.action, newest.record) == ("Siti", "Diubah", "Fasilitator")
    assert changed(newest) == {
        "Telepon": ("081200000001", "081299999999"),
        "Pendidikan": ("SMA/SMK", "Sarjana (S1/D4)"),
    }


def test_the_nik_is_masked_as_in_lists():
    facilitator = FacilitatorFactory(nik="3375010101900001")
    facilitator.nik = "3375010101909999"
    facilitator.save()

    newest = facilitator_history(facilitator)[0]

    assert changed(newest)["NIK"] == ("••••••••••••0001", "••••••••••••9999")


def test_creation_lists_the_first_values_and_nobody_when_no_user_acted():
    facilitator = FacilitatorFactory(name="Rina", email="")

    (created,) = facilitator_history(facilitator)

    assert (created.action, created.who) == (str(CREATED), str(NOBODY))
    assert changed(created)["Nama"] == ("", "Rina")
    assert "E-mail" not in changed(created)


def test_a_save_without_a_change_tells_nothing():
    facilitator = FacilitatorFactory()
    facilitator.save()
    assert len(facilitator_history(facilitator)) == 1


def test_postings_and_institutions_show_on_their_records_pages():
    posting = AssignmentFactory(start_date=datetime.date(2019, 1, 2))
    institution = InstitutionFactory(kelurahan=posting.kelurahan, name="LPM Maju")
    institution.delete()

    on_kelurahan = [entry.record for entry in kelurahan_history(posting.kelurahan)]
    on_facilitator = [entry.record for entry in facilitator_history(posting.facilitator)]

    assert f"Penugasan {posting.facilitator.name}" in on_kelurahan
    assert "LPM LPM Maju" in on_kelurahan
    assert kelurahan_history(posting.kelurahan)[0].action == str(DELETED)
    assert f"Penugasan ke {posting.kelurahan.name}" in on_facilitator


def test_invitations_show_who_joined_and_who_left():
    ani, budi = FacilitatorFactory(name="Ani"), FacilitatorFactory(name="Budi")
    briefing = BriefingFactory()
    briefing.invitees.set([ani])
    briefing.invitees.set([budi])

    # set() removes, then adds: two rows.
    joined, left = briefing_history(briefing, None)[:2]

    assert changed(left) == {"Fasilitator yang diundang": ("Ani", "")}
    assert changed(joined) == {"Fasilitator yang diundang": ("", "Budi")}


def test_attendance_shows_on_the_briefing_history():
    attendance = AttendanceFactory(status="hadir", facilitator__name="Ani")
    attendance.status = "izin"
    attendance.save()

    newest = briefing_history(attendance.session.briefing, None)[0]

    assert newest.record == "Kehadiran Ani"
    assert changed(newest)["Status"] == ("Hadir", "Izin")


def test_the_limit_keeps_the_newest_rows():
    facilitator = FacilitatorFactory()
    for n in range(5):
        facilitator.address = f"Jalan {n}"
        facilitator.save()
    rows = facilitator_history(facilitator, limit=2)
    assert [changed(row)["Alamat"][1] for row in rows] == ["Jalan 4", "Jalan 3"]


def test_the_query_count_does_not_grow_with_the_history():
    posting = AssignmentFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            kelurahan_history(posting.kelurahan, limit=10)
            facilitator_history(posting.facilitator, limit=10)
        return len(captured)

    few = queries()
    for n in range(20):
        AssignmentFactory(
            kelurahan=posting.kelurahan,
            start_date=datetime.date(1990 + n, 1, 1),
            end_date=datetime.date(1990 + n, 12, 31),
        )
        InstitutionFactory(kelurahan=posting.kelurahan, kind="BKM").delete()
    assert queries() == few


def test_a_briefing_with_a_limit_tells_what_its_whole_history_tells():
    briefing = BriefingFactory()
    session = BriefingSessionFactory(briefing=briefing)
    rows = [AttendanceFactory(session=session, status="hadir") for _ in range(6)]
    briefing.invitees.set([row.facilitator for row in rows])
    # The first row's change comes last: the record before it is the oldest of all.
    rows[0].status = "izin"
    rows[0].save()
    rows[3].note = "Terlambat"
    rows[3].save()

    whole = briefing_history(briefing, None)

    for limit in range(1, len(whole) + 2):
        assert briefing_history(briefing, None, limit=limit) == whole[:limit]
    assert changed(whole[0])["Catatan"] == ("", "Terlambat")
    assert changed(whole[1])["Status"] == ("Hadir", "Izin")


def test_saves_without_a_change_do_not_hide_the_changes_before_them():
    attendance = AttendanceFactory(status="hadir", facilitator__name="Ani")
    for _ in range(4):
        attendance.save()  # nothing changed: nothing to tell
    briefing = attendance.session.briefing

    whole = briefing_history(briefing, None)

    assert [entry.record for entry in whole] == ["Kehadiran Ani", "Pembekalan"]
    assert briefing_history(briefing, None, limit=1) == whole[:1]
    assert briefing_history(briefing, None, limit=2) == whole


def test_a_briefings_page_reads_the_same_queries_however_much_attendance_it_has():
    session = BriefingSessionFactory()
    AttendanceFactory(session=session)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            entries = briefing_history(session.briefing, None, limit=10)
        return len(captured), len(entries)

    few = queries()
    AttendanceFactory.create_batch(20, session=session)
    assert queries() == (few[0], 10)
