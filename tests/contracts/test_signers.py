"""A person of the office who signs a document as themselves (the evaluator, the
verifier and the approver of a monthly report) is printed with their full name and
the NIP of their account, a dotted line while it is unknown; a facilitator, who has
no NIP, gets no NIP line. The NIP is kept on the account, in the admin's user form."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import MonthlyReport
from contracts import services
from tests.conftest import make_user
from tests.contracts.conftest import make_contract
from tests.reports.read import pdf_text

pytestmark = pytest.mark.django_db

DOTS = "NIP. ......................................"


def signature_blocks(html: str) -> list[str]:
    """Each signature block's text, tags and extra spaces removed."""
    blocks = re.findall(r'<section data-testid="signature">(.*?)</section>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


@pytest.fixture
def evaluation(posting, staff_user, supervisor_user, criteria):
    contract = make_contract(
        posting.facilitator, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31), by=staff_user
    )
    supervisor_user.first_name, supervisor_user.last_name = "Budi", "Santoso, S.T."
    supervisor_user.nip = "19740823 199903 1 005"
    supervisor_user.save()
    return services.evaluation_save(
        contract=contract,
        scores={c.pk: 80 for c in criteria},
        recommendation="renew",
        day=datetime.date(2025, 1, 10),
        by=supervisor_user,
    )


def test_the_evaluator_signs_the_sheet_with_full_name_and_nip(client, supervisor_user, evaluation):
    client.force_login(supervisor_user)
    page = client.get(reverse("contracts:evaluation-sheet", args=[evaluation.pk])).text
    evaluated, evaluator, _acknowledged = signature_blocks(page)
    assert "Budi Santoso, S.T. NIP. 19740823 199903 1 005" in evaluator
    assert "kabid.pm" not in page
    assert "NIP" not in evaluated  # the facilitator is no civil servant

    text = pdf_text(client.get(reverse("contracts:evaluation-sheet-pdf", args=[evaluation.pk])))
    assert "Budi Santoso, S.T." in text and "NIP. 19740823 199903 1 005" in text


def test_an_evaluator_without_a_nip_gets_a_dotted_line(client, supervisor_user, evaluation):
    supervisor_user.nip = ""
    supervisor_user.save()
    client.force_login(supervisor_user)
    page = client.get(reverse("contracts:evaluation-sheet", args=[evaluation.pk])).text
    assert signature_blocks(page)[1].endswith(f"Budi Santoso, S.T. {DOTS}")


def test_the_monthly_report_is_checked_and_acknowledged_by_name_and_nip(
    client, posting, staff_user, supervisor_user
):
    staff_user.last_name, staff_user.nip = "Rahmawati", "19810415 200604 2 011"
    staff_user.save()
    now = timezone.now()
    report = MonthlyReport.objects.create(
        facilitator=posting.facilitator,
        month=datetime.date(2024, 3, 1),
        kelurahan=posting.kelurahan,
        state="approved",
        submitted_at=now,
        verified_by=staff_user,
        verified_at=now,
        approved_by=supervisor_user,  # no NIP on this account yet
        approved_at=now,
    )
    client.force_login(staff_user)
    page = client.get(reverse("activities:document", args=[report.pk])).text
    reported, checked, acknowledged = signature_blocks(page)
    assert "NIP" not in reported
    assert checked.endswith("Siti Rahmawati NIP. 19810415 200604 2 011")
    # The approver signs as themselves: never with the letterhead signer's NIP.
    assert acknowledged.endswith(f"Kepala Bidang {DOTS}")


def test_the_admin_keeps_a_valid_nip_on_the_account(client, administrator):
    user = make_user("rina.koordinator", first_name="Rina")
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    assert "nip" in form.fields
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k != "groups"},
        "is_active": "on",
        "date_joined_0": "2024-03-15",
        "date_joined_1": "08:00:00",
    }
    data.pop("user_permissions", None)
    data.pop("last_login", None)

    response = client.post(url, {**data, "nip": "1986063020100120"})
    assert response.status_code == 200
    assert "NIP terdiri dari 18 angka" in response.text
    response = client.post(url, {**data, "nip": "19860630 201001 2 017"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.nip == "19860630 201001 2 017"
