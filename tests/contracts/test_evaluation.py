"""The evaluation: indicators read from the register (checked against figures
counted by hand), a final score that follows the administrator's weights, and the
renewal from the recap that creates exactly the recommended contracts."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import ActivityEntry, ActivityKind, MonthlyReport
from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from contracts import services
from contracts.models import Contract, Criterion, Evaluation
from contracts.selectors import evaluation_indicators
from tests.contracts.conftest import make_contract
from tests.reports.read import csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def year_2024(facilitator, staff_user):
    """Ahmad's 2024, counted by hand:

    - posted January–June and again from September: 10 months posted (July and
      August in reserve);
    - reports: January, February, March and September approved (on time); April
      approved but submitted late; May returned (submitted on time); June missing;
      October verified on time; November a draft; December missing. Approved: 5;
      on time: 6 (Jan, Feb, Mar, May, Sep, Oct);
    - 15 finished activities in 2024, plus 2 drafts and one of 2023: 15, 1.5 a month;
    - briefings in 2024: present 3 times, absent once, excused once; one of 2023 too:
      3 of 5, 60 %.
    """
    first = AssignmentFactory(
        facilitator=facilitator, start_date=D(2023, 6, 1), end_date=D(2024, 6, 30)
    )
    AssignmentFactory(facilitator=facilitator, kelurahan=first.kelurahan, start_date=D(2024, 9, 1))
    contract = make_contract(facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user)
    sent = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    reports = {
        1: ("approved", False),
        2: ("approved", False),
        3: ("approved", False),
        4: ("approved", True),
        5: ("returned", False),
        9: ("approved", False),
        10: ("verified", False),
        11: ("draft", False),
    }
    MonthlyReport.objects.bulk_create(
        MonthlyReport(
            facilitator=facilitator,
            month=D(2024, month, 1),
            state=state,
            late=late,
            submitted_at=None if state == "draft" else sent,
        )
        for month, (state, late) in reports.items()
    )
    kind = ActivityKind.objects.get_or_create(name="Rapat/musyawarah")[0]
    days = [D(2024, 1 + n % 6, 3 + n) for n in range(15)] + [D(2024, 2, 1), D(2024, 3, 1)]
    ActivityEntry.objects.bulk_create(
        ActivityEntry(
            facilitator=facilitator,
            kelurahan=first.kelurahan,
            date=day,
            kind=kind,
            accompanied="LPM",
            description="Rapat",
            is_draft=n >= 15,
        )
        for n, day in enumerate([*days, D(2023, 12, 5)])
    )
    ActivityEntry.objects.filter(date=D(2023, 12, 5)).update(is_draft=False)
    for day, status in [
        (D(2023, 11, 1), "hadir"),
        (D(2024, 2, 13), "hadir"),
        (D(2024, 5, 2), "hadir"),
        (D(2024, 9, 9), "hadir"),
        (D(2024, 10, 1), "tidak_hadir"),
        (D(2024, 11, 5), "izin"),
    ]:
        Attendance.objects.create(
            session=BriefingSessionFactory(date=day), facilitator=facilitator, status=status
        )
    return contract


def test_the_indicators_match_the_figures_counted_by_hand(year_2024):
    figures = evaluation_indicators(year_2024, D(2025, 1, 10))
    assert (
        figures.months_posted,
        figures.reports_approved,
        figures.reports_on_time,
        figures.activities,
        figures.sessions_present,
        figures.sessions_recorded,
    ) == (10, 5, 6, 15, 3, 5)
    assert figures.approved_share == 0.5
    assert figures.on_time_share == 0.6
    assert figures.attendance_rate == 0.6
    assert figures.activities_per_month == 1.5


def test_a_month_not_over_yet_is_not_counted(year_2024):
    # On 2 December the period has run eleven months: December does not count yet.
    figures = evaluation_indicators(year_2024, D(2024, 12, 2))
    assert figures.months_posted == 9
    assert figures.months[-1] == D(2024, 11, 1)


@pytest.fixture
def weighted(db):
    """Three criteria the administrator set, weighing 50, 30 and 20."""
    Criterion.objects.update(active=False)
    return [
        Criterion.objects.create(name="Administrasi", weight=50, position=1),
        Criterion.objects.create(name="Fasilitasi", weight=30, position=2),
        Criterion.objects.create(name="Hasil", weight=20, position=3),
    ]


def evaluate(client, contract, scores, recommendation="renew"):
    data = {f"score_{criterion.pk}": score for criterion, score in scores}
    return client.post(
        reverse("contracts:evaluate", args=[contract.pk]),
        {**data, "recommendation": recommendation, "comment": "Aktif dan tertib."},
    )


@time_machine.travel(D(2025, 1, 10), tick=False)
def test_the_final_score_follows_the_weights(client, supervisor_user, year_2024, weighted):
    client.force_login(supervisor_user)
    response = evaluate(client, year_2024, zip(weighted, [80, 60, 100], strict=True))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    # (80 x 50 + 60 x 30 + 100 x 20) / 100
    assert str(evaluation.final_score) == "78.00"
    assert (evaluation.evaluator, evaluation.months_posted, evaluation.reports_approved) == (
        supervisor_user,
        10,
        5,
    )
    # Equal weights: the plain mean.
    Criterion.objects.filter(pk__in=[c.pk for c in weighted]).update(weight=10)
    evaluate(client, year_2024, zip(weighted, [80, 60, 100], strict=True))
    evaluation.refresh_from_db()
    assert str(evaluation.final_score) == "80.00"
    sheet = client.get(reverse("contracts:evaluation-sheet", args=[evaluation.pk])).text
    assert 'data-testid="final-score">80,00<' in sheet
    assert "Perpanjang" in sheet and "Aktif dan tertib." in sheet


def test_a_score_outside_1_to_100_or_missing_saves_nothing(
    client, supervisor_user, year_2024, weighted
):
    client.force_login(supervisor_user)
    response = evaluate(client, year_2024, zip(weighted[:2], [80, 101], strict=True))
    assert response.status_code == 200
    assert not Evaluation.objects.exists()
    with pytest.raises(ValidationError):
        services.evaluation_save(
            contract=year_2024,
            scores={weighted[0].pk: 80},
            recommendation="renew",
            day=D(2025, 1, 1),
            by=supervisor_user,
        )


def test_the_sheet_prints_with_its_signature_blocks(client, supervisor_user, year_2024, weighted):
    evaluation = services.evaluation_save(
        contract=year_2024,
        scores={c.pk: 75 for c in weighted},
        recommendation="renew_notes",
        comment="Perlu meningkatkan ketepatan laporan.",
        day=D(2025, 1, 10),
        by=supervisor_user,
    )
    client.force_login(supervisor_user)
    text = pdf_text(client.get(reverse("contracts:evaluation-sheet-pdf", args=[evaluation.pk])))
    assert "PENILAIAN KINERJA FASILITATOR KELURAHAN" in text
    assert "Perpanjang dengan catatan" in text
    assert "Yang dinilai" in text and "Penilai" in text and "Mengetahui" in text
    assert "5 / 10 (50,0%)" in text  # reports approved over months posted


@pytest.fixture
def period_end(staff_user, supervisor_user, criteria):
    """Five contracts ending 31 December 2024: Ani renew, Budi renew with notes, Citra
    not renewed, Dodi not evaluated, Eka renew but renewed already."""
    contracts = {}
    for name in ["Ani", "Budi", "Citra", "Dodi", "Eka"]:
        facilitator = AssignmentFactory(facilitator__name=name).facilitator
        contracts[name] = make_contract(
            facilitator, D(2024, 1, 1), D(2024, 12, 31), by=staff_user, honorarium=2_750_000
        )
    for name, recommendation in [
        ("Ani", "renew"),
        ("Budi", "renew_notes"),
        ("Citra", "no_renewal"),
        ("Eka", "renew"),
    ]:
        services.evaluation_save(
            contract=contracts[name],
            scores={c.pk: 80 for c in criteria},
            recommendation=recommendation,
            day=D(2024, 12, 10),
            by=supervisor_user,
        )
    services.contract_renew(
        contract=contracts["Eka"],
        number="SK-Eka-2025",
        signed_on=D(2024, 12, 20),
        start_date=D(2025, 1, 1),
        end_date=D(2025, 12, 31),
        monthly_honorarium=2_750_000,
        by=staff_user,
    )
    return contracts


def renew(client):
    return client.post(
        reverse("contracts:renew-recommended"),
        {
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "number": "800/100/DPMPPA/2025",
            "signed_on": "2024-12-27",
            "signed_by": "Kepala Dinas",
        },
        follow=True,
    )


def test_renewal_from_the_recap_creates_exactly_the_recommended_contracts(
    client, staff_user, period_end
):
    client.force_login(staff_user)
    page = client.get(reverse("contracts:evaluations") + "?start=2024-01-01&end=2024-12-31").text
    assert page.count('data-testid="evaluation-row"') == 5
    assert "2 fasilitator direkomendasikan diperpanjang dan belum diperpanjang" in page

    response = renew(client)
    assert "2 kontrak diperpanjang dengan SK 800/100/DPMPPA/2025." in response.text
    renewed = Contract.objects.filter(number="800/100/DPMPPA/2025").order_by("facilitator__name")
    assert [
        (c.facilitator.name, c.previous_id, c.start_date, c.end_date, c.monthly_honorarium)
        for c in renewed
    ] == [
        ("Ani", period_end["Ani"].pk, D(2025, 1, 1), D(2025, 12, 31), 2_750_000),
        ("Budi", period_end["Budi"].pk, D(2025, 1, 1), D(2025, 12, 31), 2_750_000),
    ]
    assert Contract.objects.count() == 5 + 1 + 2
    # Again: nobody is left to renew, nothing is added.
    assert "Tidak ada kontrak periode ini" in renew(client).text
    assert Contract.objects.count() == 8


def test_a_renewal_that_cannot_be_made_renews_nobody(client, staff_user, period_end):
    # Budi already has a contract from March 2025: his renewal would overlap it.
    make_contract(period_end["Budi"].facilitator, D(2025, 3, 1), D(2025, 6, 30), by=staff_user)
    client.force_login(staff_user)
    response = renew(client)
    assert "tidak boleh bertumpang tindih" in response.text
    assert not Contract.objects.filter(number="800/100/DPMPPA/2025").exists()


def test_the_recap_comes_in_four_forms(client, supervisor_user, period_end):
    client.force_login(supervisor_user)
    query = "?start=2024-01-01&end=2024-12-31"
    page = client.get(reverse("contracts:evaluation-recap") + query).text
    assert "Belum dinilai" in page and "SK-Eka-2025" in page
    sheet = xlsx_sheet(client.get(reverse("contracts:evaluation-recap-xlsx") + query))
    rows = {row[1]: row for row in rows_after_header(sheet) if isinstance(row[0], int)}
    assert rows["Ani"][4:10] == (80, 80, 80, 80, 80, 80.0)
    assert rows["Ani"][10:] == ("Perpanjang", "Tidak")
    assert rows["Eka"][-1] == "Ya"
    table = csv_table(client.get(reverse("contracts:evaluation-recap-csv") + query))
    assert [row[1] for row in table[1:]] == ["Ani", "Budi", "Citra", "Dodi", "Eka"]
    text = pdf_text(client.get(reverse("contracts:evaluation-recap-pdf") + query))
    assert "REKAPITULASI PENILAIAN KINERJA" in text
