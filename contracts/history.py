"""What the contract cycle adds to a facilitator's change history (the history page
and the facilitator's page, which sit below or beside this app): their contracts
and evaluations for those who may read contracts, as far as their area reaches,
and their payment details, masked, for the office's readers of the payroll only."""

from django.utils.translation import gettext as _

from accounts.areas import is_office
from accounts.roles import VIEW_CONTRACTS, VIEW_PAYMENT_DETAILS
from audit.changes import Source
from contracts import money
from contracts.models import Contract, Evaluation, PaymentDetails
from registry.models import Facilitator

# A contract's amounts as the documents write them under a label that says "(Rp)":
# 2.750.000, in any history.
CONTRACT_FORMATS = {"monthly_honorarium": money.thousands}


def facilitator_sources(facilitator: Facilitator, user) -> list[Source]:
    if not user.has_perm(VIEW_CONTRACTS):
        return []
    # The contracts the user may see (an area: those of its area), as a subquery.
    contracts = Contract.objects.visible_to(user).filter(facilitator_id=facilitator.pk)
    sources = [
        Source(
            # The renewed contract and the posting are named with their facilitator
            # and kelurahan: joined, so the queries never grow with the rows.
            Contract.history.filter(
                facilitator_id=facilitator.pk, id__in=contracts.values("pk")
            ).select_related("previous__facilitator", "posting__facilitator", "posting__kelurahan"),
            describe=lambda record: _("Contract %(number)s") % {"number": record.number},
            exclude=["facilitator"],
            formats=CONTRACT_FORMATS,
        ),
        Source(
            Evaluation.history.filter(contract_id__in=contracts.values("pk")).select_related(
                "contract__facilitator"
            ),
            describe=lambda record: (
                _("Evaluation of contract %(number)s")
                % {"number": record.contract.number if record.contract else "?"}
            ),
        ),
    ]
    # The payroll is the office's: an area never reads it, not even masked.
    if user.has_perm(VIEW_PAYMENT_DETAILS) and is_office(user):
        sources.append(
            Source(
                PaymentDetails.history.filter(facilitator_id=facilitator.pk),
                exclude=["facilitator"],
            )
        )
    return sources
