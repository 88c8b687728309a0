"""A facilitator's contract on file, for the permission ladder, the own-data test,
the hostile-input test and the accessibility walk."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from activities.reports import last_month
from contracts import services
from contracts.models import (
    DEFAULT_CRITERIA,
    DEFAULT_WEIGHT,
    Contract,
    Criterion,
    Evaluation,
    PaymentDetails,
)
from tests.contracts.conftest import pdf_upload


def contract_of(facilitator) -> Contract:
    """This year's contract of the facilitator, with its scanned decree, their payment
    details and an evaluation (made once, found again after)."""
    today = timezone.localdate()
    office = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        f"kantor.{facilitator.pk}", password="Rahasia-uji-123"
    )
    contract = facilitator.contracts.order_by("-start_date").first() or services.contract_create(
        facilitator=facilitator,
        number=f"800/{facilitator.pk:03d}/DPMPPA/{today.year}",
        signed_on=today.replace(month=1, day=1),
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(month=12, day=31),
        monthly_honorarium=2_750_000,
        document=pdf_upload(),
        by=office,
    )
    if not PaymentDetails.objects.filter(facilitator=facilitator).exists():
        services.payment_details_save(
            facilitator=facilitator,
            bank_name="Bank Jateng",
            account_number=f"77{facilitator.pk:08d}",
            account_holder=facilitator.name,
            by=office,
        )
    if Evaluation.objects.filter(contract=contract).exists():
        return contract
    criteria = [
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": DEFAULT_WEIGHT, "position": position}
        )[0]
        for position, name in enumerate(DEFAULT_CRITERIA, start=1)
    ]
    services.evaluation_save(
        contract=contract,
        scores={c.pk: 80 for c in criteria},
        recommendation="renew",
        day=today,
        by=office,
    )
    return contract


def contract_url(name: str, contract: Contract) -> str:
    """The URL of a contracts page about this contract (its facilitator, its evaluation)."""
    pk = {
        "contracts:detail": contract.pk,
        "contracts:update": contract.pk,
        "contracts:renew": contract.pk,
        "contracts:history": contract.pk,
        "contracts:document": contract.pk,
        "contracts:evaluate": contract.pk,
        "contracts:evaluation-sheet": contract.evaluation.pk,
        "contracts:evaluation-sheet-pdf": contract.evaluation.pk,
        "contracts:payment": contract.facilitator_id,
        "contracts:payment-reveal": contract.facilitator_id,
    }.get(name)
    if pk is not None:
        return reverse(name, args=[pk])
    if name == "contracts:create":
        return reverse(name) + f"?facilitator={contract.facilitator_id}"
    if name.startswith("contracts:honorarium"):
        # Last month: the list of a month not over yet is refused (400) to everyone.
        return reverse(name) + f"?month={last_month()}"
    year = contract.end_date.year
    if name.startswith(("contracts:evaluation-recap", "contracts:evaluations")):
        return reverse(name) + f"?start={year}-01-01&end={year}-12-31"
    return reverse(name)
