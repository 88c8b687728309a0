"""Every write of the contract cycle, one function each: one transaction,
full_clean() before saving, the acting user recorded in the history, mail only
after commit. A refusal is a ValidationError with a message the tests reuse.

- contracts of one facilitator never overlap (Contract.validate_constraints; on
  PostgreSQL also the exclusion constraint, whose refusal under a concurrent
  write becomes the same message);
- a renewal is a new contract pointing at the one it renews (each renewed once);
- renewing from the evaluation recap renews exactly the contracts recommended
  for renewal and not renewed yet, all or none;
- a final score is computed from the scores and the weights (`weighted_score`);
- seeing payment details whole is recorded (registry.Disclosure);
- all of it is the office's work: an account limited to an area is refused
  (`accounts.areas.check_office`) from any way in, whatever its permissions.
"""

import datetime
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.areas import check_office
from accounts.models import User
from activities.files import clean_pdf
from activities.models import month_is_over, next_month
from contracts import mail
from contracts.models import (
    Contract,
    Criterion,
    Evaluation,
    EvaluationScore,
    HonorariumListDownload,
    HonorariumSigners,
    IssuedHonorariumList,
    PaymentDetails,
    TaxRate,
    weighted_score,
)
from contracts.selectors import (
    content_digest,
    contracts_to_remind,
    evaluation_indicators,
    honorarium_content,
    next_period,
    recommended_for_renewal,
)
from outbox.models import Reminder
from outbox.services import Outcome, reminder_plan, reminders_deliver
from registry.models import Disclosure, Facilitator
from registry.services import disclosure_record

CONCURRENT_CHANGE = _(
    "Another contract of this facilitator was saved for the same period meanwhile. "
    "Reload the page and check the contracts."
)
ALREADY_RENEWED = _("This contract has already been renewed.")
OVERRIDE_RENEWAL = "contracts.override_renewal"
RENEWAL_NOT_RECOMMENDED = _(
    "The evaluation of this contract recommends not to renew it. Only someone allowed to "
    "decide otherwise can renew it, giving the reason."
)
OVERRIDE_REASON_MISSING = _(
    "The evaluation recommends not to renew this contract: say why it is renewed all the same."
)
OVERRIDE_DECREE_MISSING = _(
    "A renewal against the evaluation's recommendation needs the scanned decree that decided it."
)
MONTH_NOT_OVER = _(
    "%(month)s is not over yet: its honorarium is listed and paid from %(from)s, once the "
    "month has ended."
)
ALREADY_ISSUED = _("The honorarium list of %(month)s has already been issued.")
NOTHING_TO_RENEW = _("No contract of this period is recommended for renewal and not renewed yet.")
SCORE_MISSING = _("Give every criterion a score from 1 to 100.")
REMINDER_STEPS = (60, 30, 7)

CONTRACT_FIELDS = [
    "kind",
    "number",
    "signed_on",
    "signed_by",
    "start_date",
    "end_date",
    "monthly_honorarium",
    "posting",
    "note",
]


def _save(instance, by: User | None, **kwargs) -> None:
    if by is not None:
        instance._history_user = by  # the history names the acting user outside requests too
    try:
        with transaction.atomic():
            instance.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError(CONCURRENT_CHANGE) from error


def _attach(contract: Contract, document) -> str | None:
    """Store the checked PDF; returns its name, to delete if the row is refused."""
    if document is None:
        return None
    clean = clean_pdf(document)
    contract.document.save("decree.pdf", clean.content, save=False)
    contract.document_size = clean.content.size
    return contract.document.name


def _clean_and_save(contract: Contract, stored: str | None, by, **kwargs) -> None:
    try:
        contract.full_clean()
        _save(contract, by, **kwargs)
    except Exception:
        if stored:  # nothing refers to the stored file: it goes with the refused row
            contract.document.storage.delete(stored)
        raise


@transaction.atomic
def contract_create(
    *,
    facilitator: Facilitator,
    number: str,
    signed_on: datetime.date,
    start_date: datetime.date,
    end_date: datetime.date,
    monthly_honorarium: int,
    kind: str = Contract.Kind.DECREE,
    signed_by: str = "Kepala Dinas",
    posting=None,
    note: str = "",
    document=None,
    previous: Contract | None = None,
    renewed_against_evaluation: str = "",
    by: User,
) -> Contract:
    check_office(by)
    # Serialise the writes of one facilitator's contracts: the overlap check holds.
    Facilitator.objects.select_for_update().filter(pk=facilitator.pk).first()
    contract = Contract(
        facilitator=facilitator,
        kind=kind,
        number=number,
        signed_on=signed_on,
        signed_by=signed_by,
        start_date=start_date,
        end_date=end_date,
        monthly_honorarium=monthly_honorarium,
        posting=posting,
        note=note,
        previous=previous,
        renewed_against_evaluation=renewed_against_evaluation,
        created_by=by,
    )
    stored = _attach(contract, document)
    _clean_and_save(contract, stored, by)
    return contract


@transaction.atomic
def contract_update(*, contract: Contract, changes: dict, document=None, by: User) -> Contract:
    """Change the fields given (a colleague's change of the others stays)."""
    check_office(by)
    Facilitator.objects.select_for_update().filter(pk=contract.facilitator_id).first()
    fields = [name for name in changes if name in CONTRACT_FIELDS]
    for name in fields:
        setattr(contract, name, changes[name])
    old_document = contract.document.name if document is not None else None
    stored = _attach(contract, document)
    if stored:
        fields += ["document", "document_size"]
    if not fields:
        return contract
    _clean_and_save(contract, stored, by, update_fields=[*fields, "updated_at"])
    if old_document:
        storage = contract.document.storage
        transaction.on_commit(lambda: storage.delete(old_document))
    return contract


@transaction.atomic
def contract_renew(
    *,
    contract: Contract,
    number: str,
    signed_on: datetime.date,
    start_date: datetime.date,
    end_date: datetime.date,
    monthly_honorarium: int,
    signed_by: str = "Kepala Dinas",
    document=None,
    override_reason: str = "",
    by: User,
) -> Contract:
    """The next contract of the same facilitator, renewing this one.

    When the contract's evaluation recommends not to renew, only a user with
    `contracts.override_renewal` renews it, with a reason (kept on the new contract
    and so in its history) and the scanned decree that decided it."""
    check_office(by)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if Contract.objects.filter(previous=contract).exists():
        raise ValidationError(ALREADY_RENEWED)
    against = renewal_is_against(contract)
    override_reason = override_reason.strip() if against else ""
    if against:
        if not by.has_perm(OVERRIDE_RENEWAL):
            raise ValidationError(RENEWAL_NOT_RECOMMENDED)
        if not override_reason:
            raise ValidationError(OVERRIDE_REASON_MISSING)
        if document is None:
            raise ValidationError(OVERRIDE_DECREE_MISSING)
    posting = contract.posting
    if posting is not None and posting.end_date is not None and posting.end_date < start_date:
        posting = None  # the posting the old decree made ended before the new one starts
    return contract_create(
        facilitator=contract.facilitator,
        kind=contract.kind,
        number=number,
        signed_on=signed_on,
        signed_by=signed_by,
        start_date=start_date,
        end_date=end_date,
        monthly_honorarium=monthly_honorarium,
        posting=posting,
        document=document,
        previous=contract,
        renewed_against_evaluation=override_reason,
        by=by,
    )


def renewal_is_against(contract: Contract) -> bool:
    """Whether the contract's evaluation recommends not to renew it."""
    return Evaluation.objects.filter(
        contract=contract, recommendation=Evaluation.Recommendation.DO_NOT_RENEW
    ).exists()


@transaction.atomic
def contracts_renew_recommended(
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    number: str,
    signed_on: datetime.date,
    signed_by: str,
    by: User,
    kecamatan=None,
) -> list[Contract]:
    """Renew every contract ending in the period (served in the kecamatan, when one is
    given) whose evaluation recommends renewal and that is not renewed yet, under one
    collective decree: all or none."""
    check_office(by)
    renewed = []
    due = recommended_for_renewal(period_start, period_end, kecamatan).select_for_update(
        of=("self",)
    )
    for contract in due:
        start, end = next_period(contract)
        renewed.append(
            contract_renew(
                contract=contract,
                number=number,
                signed_on=signed_on,
                signed_by=signed_by,
                start_date=start,
                end_date=end,
                monthly_honorarium=contract.monthly_honorarium,
                by=by,
            )
        )
    if not renewed:
        raise ValidationError(NOTHING_TO_RENEW)
    return renewed


# Payment details -----------------------------------------------------------------


@transaction.atomic
def payment_details_save(
    *,
    facilitator: Facilitator,
    bank_name: str,
    account_number: str,
    account_holder: str,
    npwp: str = "",
    by: User,
) -> PaymentDetails:
    check_office(by)
    details = PaymentDetails.objects.select_for_update().filter(
        facilitator=facilitator
    ).first() or PaymentDetails(facilitator=facilitator)
    details.bank_name = bank_name
    details.account_number = account_number
    details.account_holder = account_holder
    details.npwp = npwp
    details.full_clean()
    _save(details, by)
    return details


def payment_details_disclosed(
    *, facilitators: Iterable[Facilitator], by: User, via: Disclosure.Via
) -> None:
    """Record that `by` saw these facilitators' payment details whole."""
    disclosure_record(facilitators=facilitators, by=by, via=via, data=Disclosure.Data.PAYMENT)


@transaction.atomic
def honorarium_list_opened(
    *, month: datetime.date, form: str, facilitators: Iterable[Facilitator], by: User
) -> HonorariumListDownload:
    """The list of a month was opened or downloaded: who, when, which month and form;
    and, per facilitator whose account it shows, a disclosure of their payment details."""
    check_office(by)
    payment_details_disclosed(facilitators=facilitators, by=by, via=Disclosure.Via.HONORARIUM_LIST)
    return HonorariumListDownload.objects.create(user=by, month=month, form=form)


# Money that keeps its day ----------------------------------------------------------


@transaction.atomic
def tax_rate_save(*, row: TaxRate, by: User) -> TaxRate:
    """Add or change a dated tax rate. Refused (TaxRate.clean) when it would change the
    rate of a month whose honorarium list was issued."""
    check_office(by)
    row.full_clean()
    _save(row, by)
    return row


@transaction.atomic
def honorarium_signers_save(*, row: HonorariumSigners, by: User) -> HonorariumSigners:
    """Add or change the signers from a day on; an issued list keeps those it printed."""
    check_office(by)
    row.full_clean()
    _save(row, by)
    return row


def month_not_over(month: datetime.date) -> str:
    """Why a month's list is refused before the month is over (page, files, issuing)."""
    return MONTH_NOT_OVER % {
        "month": date_format(month, "F Y"),
        "from": date_format(next_month(month), "j F Y"),
    }


@transaction.atomic
def honorarium_list_issue(
    *, month: datetime.date, day: datetime.date, by: User
) -> IssuedHonorariumList:
    """Issue the month's honorarium list for payment on the day: its lines, the rates
    of the month and the signers of the day are kept with their SHA-256, and every
    later opening shows exactly these. Only a month that is over is issued, once."""
    check_office(by)
    if not month_is_over(month, today=day):
        raise ValidationError(month_not_over(month))
    if IssuedHonorariumList.objects.select_for_update().filter(month=month).exists():
        raise ValidationError(ALREADY_ISSUED % {"month": date_format(month, "F Y")})
    # Documents speak Indonesian: the reasons kept are written as printed.
    with translation.override("id"):
        content = honorarium_content(month, day)
    issued = IssuedHonorariumList(
        month=month,
        issued_at=timezone.now(),
        issued_by=by,
        content=content,
        digest=content_digest(content),
    )
    issued.full_clean()
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError as error:
        raise ValidationError(ALREADY_ISSUED % {"month": date_format(month, "F Y")}) from error
    return issued


# Evaluation ----------------------------------------------------------------------


@transaction.atomic
def evaluation_save(
    *,
    contract: Contract,
    scores: dict[int, int],
    recommendation: str,
    comment: str = "",
    day: datetime.date,
    by: User,
) -> Evaluation:
    """Fill in (or change) the evaluation of a contract period.

    `scores` maps each criterion in use (its id) to a score of 1–100; the
    register's figures are read again on the day and kept with it, and the final
    score is computed from the scores and the criteria's weights.
    """
    check_office(by)
    criteria = list(Criterion.objects.filter(active=True))
    evaluation = Evaluation.objects.select_for_update().filter(contract=contract).first()
    if evaluation is not None:
        # A criterion switched off since keeps the score it had.
        used = evaluation.scores.values_list("criterion", flat=True)
        criteria += list(Criterion.objects.filter(pk__in=used, active=False))
    if not criteria or any(not 1 <= scores.get(c.pk, 0) <= 100 for c in criteria):
        raise ValidationError(SCORE_MISSING)
    figures = evaluation_indicators(contract, day)
    evaluation = evaluation or Evaluation(contract=contract)
    evaluation.evaluated_on = day
    for name in (
        "months_posted",
        "reports_approved",
        "reports_on_time",
        "activities",
        "sessions_present",
        "sessions_recorded",
    ):
        setattr(evaluation, name, getattr(figures, name))
    evaluation.recommendation = recommendation
    evaluation.comment = comment
    evaluation.evaluator = by
    evaluation.final_score = weighted_score([(scores[c.pk], c.weight) for c in criteria])
    evaluation.full_clean()
    _save(evaluation, by)
    kept = {score.criterion_id: score for score in evaluation.scores.all()}
    for criterion in criteria:
        score = kept.get(criterion.pk) or EvaluationScore(
            evaluation=evaluation, criterion=criterion, weight=criterion.weight
        )
        if score.pk and score.score == scores[criterion.pk]:
            continue
        score.score = scores[criterion.pk]
        score.weight = criterion.weight
        score.full_clean()
        _save(score, by)
    return evaluation


# Reminders -----------------------------------------------------------------------


@transaction.atomic
def contract_reminders_plan(*, day: datetime.date) -> list[Reminder]:
    """Plan the reminders due on the day in the outbox: staff hear of each contract
    60, 30 and 7 days before its end, once per step (a step passed unsent gives way
    to the next)."""
    planned = []
    for step, contract in contracts_to_remind(day, REMINDER_STEPS):
        planned.append(
            reminder_plan(
                kind=Reminder.Kind.CONTRACT,
                facilitator=contract.facilitator,
                period=contract.end_date,
                stage=str(step),
                link=contract.get_absolute_url(),
                supersedes=[str(bigger) for bigger in REMINDER_STEPS if bigger > step],
            )
        )
    return [reminder for reminder in planned if reminder is not None]


def contract_reminders_deliver(*, day: datetime.date) -> list[Outcome]:
    """Send every unsent contract reminder (after the plan committed)."""
    return reminders_deliver(
        kinds=[Reminder.Kind.CONTRACT], write=partial(mail.contract_ending_letter, day=day)
    )
