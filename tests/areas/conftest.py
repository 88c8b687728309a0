"""A city with an area in it: the people posted in Kecamatan Pekalongan Barat
(33.75.01), one who left it, and everyone the area must never see; with their
contracts, evaluations and payment details.

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
from accounts.models import User
from activities.models import MonthlyReport
from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from contracts import services as contract_services
from contracts.models import DEFAULT_CRITERIA, DEFAULT_WEIGHT, Contract, Criterion, Evaluation
from registry.factories import FacilitatorFactory
from registry.masking import mask_account, mask_nik, mask_phone
from registry.models import Facilitator, Kelurahan
from tests.activities.ladder import work_of
from tests.conftest import make_user
from tests.contracts.conftest import pdf_upload

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


D = datetime.date


@dataclass
class Contracts:
    """The contract cycle of the world (15 March 2024).

    - Ani (Barat): 2023's contract, evaluated and renewed by 2024's, which ends on 30
      April (within 60 days); her payment details.
    - Budi (Barat): 2018's contract, before he was posted (the office's alone); none
      since (posted without one).
    - Citra: 2023's contract, when she was in Tirto (Barat): the area's history;
      evaluated and renewed by a contract for January and February 2024, when she
      was in Krapyak (Utara): not the area's. Posted there since without one.
    - Dedi (Timur): 2023's contract, evaluated; 2024's, ending on 30 April; his
      payment details.
    - Eko (the reserve): a 2024 contract, the office's alone.
    """

    inside: list[Contract]  # Ani 2023, Ani 2024, Citra 2023
    outside: list[Contract]  # Dedi 2023, Dedi 2024, Eko 2024, Budi 2018, Citra 2024
    inside_evaluations: list[Evaluation]  # Ani 2023, Citra 2023
    outside_evaluations: list[Evaluation]  # Dedi 2023
    accounts: list[str]  # every account number on file, inside the area too

    @property
    def secrets(self) -> list[str]:
        """What an area must never see: the payroll, whole or masked, anyone's; and the
        numbers of the contracts outside it."""
        return [
            *self.accounts,
            *[mask_account(number) for number in self.accounts],
            *[contract.number for contract in self.outside],
        ]


def contract_cycle(inside, inside_too, moved, outside, reserve) -> Contracts:
    office = User.objects.create_superuser("kantor.kontrak", password="Rahasia-uji-123")
    criteria = [
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": DEFAULT_WEIGHT, "position": position}
        )[0]
        for position, name in enumerate(DEFAULT_CRITERIA, start=1)
    ]

    def contract(facilitator, number, start, end, **extra) -> Contract:
        return contract_services.contract_create(
            facilitator=facilitator,
            number=number,
            signed_on=start - datetime.timedelta(days=10),
            start_date=start,
            end_date=end,
            monthly_honorarium=2_750_000,
            document=pdf_upload(),
            by=office,
            **extra,
        )

    def evaluate(contract: Contract) -> Evaluation:
        return contract_services.evaluation_save(
            contract=contract,
            scores={c.pk: 80 for c in criteria},
            recommendation="renew",
            day=D(2024, 1, 10),
            by=office,
        )

    ani_2023 = contract(inside, "800/101/DPMPPA/2023", D(2023, 1, 1), D(2023, 12, 31))
    ani_eval = evaluate(ani_2023)
    ani_2024 = contract_services.contract_renew(
        contract=ani_2023,
        number="800/102/DPMPPA/2024",
        signed_on=D(2023, 12, 20),
        start_date=D(2024, 1, 1),
        end_date=D(2024, 4, 30),
        monthly_honorarium=2_750_000,
        document=pdf_upload(),
        by=office,
    )
    citra_2023 = contract(moved, "800/301/DPMPPA/2023", D(2023, 1, 1), D(2023, 12, 31))
    citra_eval = evaluate(citra_2023)
    citra_2024 = contract_services.contract_renew(
        contract=citra_2023,
        number="800/302/DPMPPA/2024",
        signed_on=D(2023, 12, 20),
        start_date=D(2024, 1, 1),
        end_date=D(2024, 2, 29),
        monthly_honorarium=2_750_000,
        document=pdf_upload(),
        by=office,
    )
    dedi_2023 = contract(outside, "800/441/DPMPPA/2023", D(2023, 1, 1), D(2023, 12, 31))
    dedi_eval = evaluate(dedi_2023)
    dedi_2024 = contract(outside, "800/442/DPMPPA/2024", D(2024, 1, 1), D(2024, 4, 30))
    eko_2024 = contract(reserve, "800/551/DPMPPA/2024", D(2024, 1, 1), D(2024, 12, 31))
    budi_2018 = contract(inside_too, "800/218/DPMPPA/2018", D(2018, 1, 1), D(2018, 12, 31))
    accounts = ["9876500011", "9876500044"]
    for facilitator, number in zip([inside, outside], accounts, strict=True):
        contract_services.payment_details_save(
            facilitator=facilitator,
            bank_name="Bank Jateng",
            account_number=number,
            account_holder=facilitator.name,
            npwp="",
            by=office,
        )
    return Contracts(
        inside=[ani_2023, ani_2024, citra_2023],
        outside=[dedi_2023, dedi_2024, eko_2024, budi_2018, citra_2024],
        inside_evaluations=[ani_eval, citra_eval],
        outside_evaluations=[dedi_eval],
        accounts=accounts,
    )


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
    contracts: Contracts

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
        contracts=contract_cycle(inside, inside_too, moved, outside, reserve),
    )


@pytest.fixture
def camat(db):
    """The camat of Pekalongan Barat: an area supervisor."""
    return make_user("camat.barat", roles.AREA_SUPERVISOR, area=BARAT, first_name="Camat")


@pytest.fixture
def coordinator(db):
    """The coordinator of Pekalongan Barat."""
    return make_user("koordinator.barat", roles.AREA_COORDINATOR, area=BARAT)
