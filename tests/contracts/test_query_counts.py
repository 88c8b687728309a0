"""The honorarium list, the contract list and the evaluation recap run the same
queries with one facilitator and with a hundred (no N+1 in views or templates);
and so do the contract pages of an account limited to an area, whose conditions
live inside the pages' own queries."""

import datetime

import pytest
from django.urls import reverse

from accounts import roles
from activities.models import MonthlyReport
from assignments.models import Assignment
from contracts.models import Contract, Evaluation, EvaluationScore, PaymentDetails
from registry.models import Facilitator, Kecamatan, Kelurahan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

D = datetime.date


def office_data(size: int, supervisor_user, criteria, kecamatan="98.01.01") -> None:
    """`size` posted facilitators, each with a 2024 contract, payment details, March's
    report (in turn approved, verified, returned, missing) and an evaluation."""
    place = Kecamatan.objects.create(code=kecamatan, name=f"Kecamatan {kecamatan}")
    kelurahan = Kelurahan.objects.bulk_create(
        Kelurahan(code=f"{kecamatan}.{1000 + n}", name=f"Kelurahan {n}", kecamatan=place)
        for n in range(size)
    )
    facilitators = Facilitator.objects.bulk_create(
        Facilitator(name=f"Fasilitator {kecamatan} {n}", sex="L") for n in range(size)
    )
    Assignment.objects.bulk_create(
        Assignment(facilitator=f, kelurahan=k, start_date=D(2023, 1, 2))
        for f, k in zip(facilitators, kelurahan, strict=True)
    )
    contracts = Contract.objects.bulk_create(
        Contract(
            facilitator=f,
            number=f"SK-{kecamatan}-{n}",
            signed_on=D(2023, 12, 20),
            start_date=D(2024, 1, 1 + n % 20),
            end_date=D(2024, 12, 31),
            monthly_honorarium=2_750_000,
        )
        for n, f in enumerate(facilitators)
    )
    PaymentDetails.objects.bulk_create(
        PaymentDetails(
            facilitator=f, bank_name="Bank", account_number=f"{n:010d}", account_holder=f.name
        )
        for n, f in enumerate(facilitators)
    )
    states = ["approved", "verified", "returned", None]
    MonthlyReport.objects.bulk_create(
        MonthlyReport(facilitator=f, month=D(2024, 3, 1), state=states[n % 4])
        for n, f in enumerate(facilitators)
        if states[n % 4]
    )
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(
            contract=c,
            evaluated_on=D(2024, 12, 10),
            recommendation="renew",
            final_score=80,
            evaluator=supervisor_user,
        )
        for c in contracts
    )
    EvaluationScore.objects.bulk_create(
        EvaluationScore(evaluation=e, criterion=c, weight=c.weight, score=80)
        for e in evaluations
        for c in criteria
    )


# Queries of every page: the session, the user, and their permissions, own and through
# groups, in one (accounts.backends.PermissionBackend); the session is not saved again.
SIGNED_IN = 3


@pytest.mark.parametrize("size", [1, 100])
@pytest.mark.parametrize(
    "page, queries, rows",
    [
        # the kecamatan of the filter, the month's issued list (none), its tax rates, the
        # signers of the day (the three were one settings row before rates were dated),
        # the lines counted, contracts with facilitators and payment details, postings
        # of the month, their reports, the opening recorded (savepoint, disclosures,
        # download, release), letterhead
        ("honorarium", SIGNED_IN + 13, 'data-testid="honorarium-line"'),
        # count and page of contracts
        ("contracts", SIGNED_IN + 2, 'data-testid="contract-row"'),
        # the kecamatan of the filter, the contracts counted, a page of them with
        # facilitators, evaluations and renewals, the names of those to renew
        ("evaluations", SIGNED_IN + 4, 'data-testid="evaluation-row"'),
        # the kecamatan of the filter, criteria, the totals (and the length), a page of
        # contracts with facilitators, evaluations and renewals, their scores, letterhead
        ("recap", SIGNED_IN + 6, '<tr>\n    <td class="num">'),
        # the same but the letterhead, every contract rather than a page
        ("recap-csv", SIGNED_IN + 5, ";SK-98.01.01-"),
    ],
)
def test_the_pages_run_the_same_queries_at_a_hundredfold(
    client,
    staff_user,
    supervisor_user,
    criteria,
    django_assert_num_queries,
    size,
    page,
    queries,
    rows,
):
    office_data(size, supervisor_user, criteria)
    client.force_login(staff_user)
    url = {
        "honorarium": reverse("contracts:honorarium") + "?month=2024-03",
        "contracts": reverse("contracts:list"),
        "evaluations": reverse("contracts:evaluations") + "?start=2024-01-01&end=2024-12-31",
        "recap": reverse("contracts:evaluation-recap") + "?start=2024-01-01&end=2024-12-31",
        "recap-csv": reverse("contracts:evaluation-recap-csv") + "?start=2024-01-01&end=2024-12-31",
    }[page]
    with django_assert_num_queries(queries):
        response = client.get(url)
        # A streamed file reads its rows as it is sent.
        content = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200
    # A page of 50 on screen, every line in the file and the honorarium list.
    expected = size if page in {"honorarium", "recap-csv"} else min(size, 50)
    assert content.decode().count(rows) == expected


# The camat of 98.01.01 opens the contract pages; as many facilitators again are
# posted in 98.01.02, outside the area. Each page runs the office's queries plus the
# names of the area for its banner or heading (1), the evaluation sheet aside.
@pytest.mark.parametrize("size", [1, 100])
@pytest.mark.parametrize(
    "page, queries, rows",
    [
        # count and page of the area's contracts, the area's names
        ("contracts", SIGNED_IN + 2 + 1, 'data-testid="contract-row"'),
        # the area's kecamatan for the filter, the area's contracts counted, a page of
        # them with facilitators, evaluations and renewals, the area's names (no renewal:
        # the office's)
        ("evaluations", SIGNED_IN + 3 + 1, 'data-testid="evaluation-row"'),
        # the area's kecamatan for the filter, criteria, the totals, a page of the area's
        # contracts, their scores, the area's names for the heading, the letterhead
        ("recap", SIGNED_IN + 6 + 1, '<tr>\n    <td class="num">'),
        # the contract, its evaluation, its renewal, its history (contract, evaluation,
        # scores), the area's names
        ("detail", SIGNED_IN + 6 + 1, 'data-testid="final-score"'),
        # the evaluation with its contract, facilitator and evaluator, its scores, their
        # criteria, the posting with its kelurahan, the letterhead (the page's and the
        # acknowledger's block); no area heading: the sheet is one facilitator's
        ("sheet", SIGNED_IN + 6, 'data-testid="signature"'),
    ],
)
def test_an_areas_contract_pages_run_the_same_queries_at_a_hundredfold(
    client,
    supervisor_user,
    criteria,
    django_assert_num_queries,
    size,
    page,
    queries,
    rows,
):
    office_data(size, supervisor_user, criteria, kecamatan="98.01.01")
    office_data(size, supervisor_user, criteria, kecamatan="98.01.02")
    camat = make_user("camat.uji", roles.AREA_SUPERVISOR, area="98.01.01")
    client.force_login(camat)
    inside = Contract.objects.filter(number__startswith="SK-98.01.01-").order_by("pk").first()
    url = {
        "contracts": reverse("contracts:list"),
        "evaluations": reverse("contracts:evaluations") + "?start=2024-01-01&end=2024-12-31",
        "recap": reverse("contracts:evaluation-recap") + "?start=2024-01-01&end=2024-12-31",
        "detail": reverse("contracts:detail", args=[inside.pk]),
        "sheet": reverse("contracts:evaluation-sheet", args=[inside.evaluation.pk]),
    }[page]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "98.01.02" not in text  # the other kecamatan's numbers and names
    if page in {"contracts", "evaluations", "recap"}:
        assert text.count(rows) == min(size, 50)
    else:
        assert rows in text
