"""A city with an area in it: the people posted in Kecamatan Pekalongan Barat
(33.75.01), one who left it, and everyone the area must never see.

The day is fixed at 15 March 2024. The people outside the area carry a word in
their names that nothing else in the world has ("Timurjaya", "Cadanganwati",
"Nonaktifin"), so a leak is found whatever the layout cuts around it.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine

from accounts import roles
from activities.models import MonthlyReport
from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from registry.factories import FacilitatorFactory
from registry.masking import mask_nik, mask_phone
from registry.models import Facilitator, Kelurahan
from tests.activities.ladder import work_of
from tests.conftest import make_user

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TODAY = datetime.date(2024, 3, 15)
BARAT, TIMUR, UTARA = "33.75.01", "33.75.02", "33.75.03"
SINCE = datetime.date(2019, 1, 2)
PAST_BRIEFING_DAY = datetime.date(2023, 6, 1)


@pytest.fixture(autouse=True)
def _mid_march():
    with time_machine.travel(datetime.datetime(2024, 3, 15, 10, tzinfo=JAKARTA), tick=False):
        yield


def kelurahan(code: str) -> Kelurahan:
    return Kelurahan.objects.get(code=code)


def person(name: str, number: int, **extra) -> Facilitator:
    return FacilitatorFactory(
        name=name,
        nik=f"33750199{number:08d}",
        phone=f"0812{number:08d}",
        email=f"orang{number}@contoh.id",
        **extra,
    )


def secrets_of(facilitator: Facilitator) -> list[str]:
    """What must never reach an account that may not see this person."""
    return [
        facilitator.name.split()[-1],
        facilitator.nik,
        mask_nik(facilitator.nik),
        facilitator.phone,
        mask_phone(facilitator.phone),
        facilitator.email,
    ]


@dataclass
class World:
    inside: Facilitator  # posted in Medono (Barat), with a login and a submitted report
    inside_too: Facilitator  # posted in Podosugih (Barat)
    moved: Facilitator  # posted in Tirto (Barat) until 2023, in Krapyak (Utara) since
    outside: Facilitator  # posted in Kauman (Timur), with a login and a submitted report
    reserve: Facilitator
    inactive: Facilitator
    past_session: object  # 1 June 2023: everyone invited, everyone's attendance recorded
    outside_session: object  # 1 February 2024: Timur's own bimtek
    future_session: object  # 10 April 2024: everyone active invited
    inside_work: dict
    outside_work: dict
    moved_report: MonthlyReport  # December 2023, when they were still in Tirto

    @property
    def never_seen(self) -> list[Facilitator]:
        return [self.outside, self.reserve, self.inactive]


@pytest.fixture
def world(wilayah) -> World:
    inside = person("Ani Baratsari", 1)
    inside_too = person("Budi Baratjaya", 2)
    moved = person("Citra Pindahan", 3)
    outside = person("Dedi Timurjaya", 4)
    reserve = person("Eko Cadanganwati", 5)
    inactive = person("Fajar Nonaktifin", 6, is_active=False)
    AssignmentFactory(facilitator=inside, kelurahan=kelurahan("33.75.01.1002"), start_date=SINCE)
    AssignmentFactory(
        facilitator=inside_too, kelurahan=kelurahan("33.75.01.1003"), start_date=SINCE
    )
    AssignmentFactory(
        facilitator=moved,
        kelurahan=kelurahan("33.75.01.1009"),
        start_date=SINCE,
        end_date=datetime.date(2023, 12, 31),
    )
    AssignmentFactory(
        facilitator=moved,
        kelurahan=kelurahan("33.75.03.1002"),
        start_date=datetime.date(2024, 1, 1),
    )
    AssignmentFactory(facilitator=outside, kelurahan=kelurahan("33.75.02.1004"), start_date=SINCE)

    everyone = [inside, inside_too, moved, outside, reserve, inactive]
    past = BriefingSessionFactory(briefing__title="Pembekalan Bersama", date=PAST_BRIEFING_DAY)
    past.briefing.invitees.set(everyone)
    Attendance.objects.bulk_create(
        Attendance(session=past, facilitator=f, status="hadir" if n % 2 == 0 else "izin")
        for n, f in enumerate(everyone)
    )
    timur = BriefingSessionFactory(briefing__title="Bimtek Timur", date=datetime.date(2024, 2, 1))
    timur.briefing.invitees.set([outside])
    Attendance.objects.create(session=timur, facilitator=outside, status="hadir")
    future = BriefingSessionFactory(
        briefing__title="Rapat Mendatang", date=datetime.date(2024, 4, 10)
    )
    future.briefing.invitees.set([inside, inside_too, moved, outside, reserve])

    inside.user = make_user("ani.faskel", roles.FACILITATOR)
    inside.save(update_fields=["user"])
    outside.user = make_user("dedi.faskel", roles.FACILITATOR)
    outside.save(update_fields=["user"])
    moved_report = MonthlyReport.objects.create(
        facilitator=moved,
        kelurahan=kelurahan("33.75.01.1009"),
        month=datetime.date(2023, 12, 1),
        state=MonthlyReport.State.SUBMITTED,
        submitted_at=datetime.datetime(2024, 1, 3, tzinfo=JAKARTA),
    )
    return World(
        inside=inside,
        inside_too=inside_too,
        moved=moved,
        outside=outside,
        reserve=reserve,
        inactive=inactive,
        past_session=past,
        outside_session=timur,
        future_session=future,
        inside_work=work_of(inside),
        outside_work=work_of(outside),
        moved_report=moved_report,
    )


@pytest.fixture
def camat(db):
    """The camat of Pekalongan Barat: an area supervisor."""
    return make_user("camat.barat", roles.AREA_SUPERVISOR, area=BARAT, first_name="Camat")


@pytest.fixture
def coordinator(db):
    """The coordinator of Pekalongan Barat."""
    return make_user("koordinator.barat", roles.AREA_COORDINATOR, area=BARAT)
