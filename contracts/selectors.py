"""Every read of contracts, payment details and evaluations, one function per kind
of read, each taking the day it is about. Pages, documents, the dashboard and the
reminders compose these.

What an account limited to an area sees is said here, with the area's verbs alone:
contracts and evaluations by `Contract.objects.visible_to(user)` (the facilitator
was posted in the area during the contract's period), today's panels by
`posted_in_area(user, day)` and `Assignment.objects.visible_to(user)`. Payment
details, the honorarium list and the reminders are the office's: their reads take
no user, and their pages are closed to areas (`accounts.areas.office_only`).
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from accounts.areas import area_of, is_office
from accounts.roles import MANAGE_PAYMENT_DETAILS
from activities.models import (
    ActivityEntry,
    MonthlyReport,
    month_end,
    month_is_over,
    month_start,
    next_month,
)
from activities.selectors import postings_during
from assignments.models import Assignment
from assignments.selectors import posted_in_area, with_facilitator_visible
from audit.changes import HistoryEntry, Source, history_entries
from briefings.models import Attendance, attendance_rate
from contracts import money
from contracts.history import CONTRACT_FORMATS
from contracts.models import (
    Contract,
    Criterion,
    Evaluation,
    EvaluationScore,
    HonorariumSigners,
    IssuedHonorariumList,
    PaymentDetails,
    TaxRate,
)
from outbox.models import Reminder
from registry.fields import name_sort_key
from registry.models import Facilitator

ENDING_SOON_DAYS = 60


# Contracts ----------------------------------------------------------------------


def with_links(contracts, user, day: datetime.date):
    """Contracts annotated with what opens for the user: `facilitator_visible` (their
    facilitator's page, on the day), `previous_visible` and `renewal_visible` (the
    contract it renews, its renewal). Pages link a name only then, and show the
    number of a contract only then (a contract outside the area is not named)."""
    contracts = with_facilitator_visible(contracts, user, day)
    if area_of(user).whole:
        return contracts.annotate(previous_visible=Value(True), renewal_visible=Value(True))
    visible = Contract.objects.visible_to(user)
    return contracts.annotate(
        previous_visible=Exists(visible.filter(pk=OuterRef("previous_id"))),
        renewal_visible=Exists(visible.filter(previous=OuterRef("pk"))),
    )


def contract_list(*, user, day: datetime.date, state: str = "", ending_within: int | None = None):
    """The contracts the user may see, with their facilitator, newest first.

    `state`: "current" (in force on the day), "upcoming" (starting later),
    "ended"; `ending_within`: whose last day is within that many days of the day.
    """
    contracts = with_links(Contract.objects.visible_to(user).for_list(), user, day).order_by(
        "-start_date", "facilitator__sort_name", "pk"
    )
    if state == "current":
        contracts = contracts.on(day)
    elif state == "upcoming":
        contracts = contracts.starting_after(day)
    elif state == "ended":
        contracts = contracts.filter(end_date__lt=day)
    if ending_within is not None:
        contracts = contracts.ending_between(day, day + datetime.timedelta(days=ending_within))
    return contracts


def contracts_visible_to(user, day: datetime.date):
    """The contracts the record pages open one by one for the user (404 for the
    others), with what they show of them."""
    return with_links(
        Contract.objects.visible_to(user).select_related(
            "facilitator", "posting__kelurahan", "previous"
        ),
        user,
        day,
    )


def evaluation_of(contract: Contract) -> Evaluation | None:
    return Evaluation.objects.filter(contract=contract).select_related("evaluator").first()


def renewal_of(contract: Contract) -> Contract | None:
    return Contract.objects.filter(previous=contract).first()


def evaluations_for_sheet(user):
    """The evaluations the user may see, with all their sheet prints, for the sheet's
    page and PDF."""
    return (
        Evaluation.objects.visible_to(user)
        .select_related("contract__facilitator", "contract__posting__kelurahan", "evaluator")
        .prefetch_related("scores__criterion")
    )


def criteria_in_use() -> list:
    return list(Criterion.objects.filter(active=True))


def ending_soon(day: datetime.date, user, days: int = ENDING_SOON_DAYS):
    """Contracts in force on the day whose last day is within `days` days, of the
    facilitators posted in the user's area that day (a panel of today's)."""
    return (
        Contract.objects.for_list()
        .filter(posted_in_area(user, day, facilitator="facilitator"))
        .ending_between(day, day + datetime.timedelta(days=days))
    )


def posted_without_contract(day: datetime.date, user):
    """The postings in the user's area in force on the day whose facilitator has no
    contract in force then."""
    covered = Contract.objects.on(day).filter(facilitator=OuterRef("facilitator"))
    return (
        Assignment.objects.visible_to(user)
        .on(day)
        .filter(~Exists(covered))
        .select_related("facilitator", "kelurahan")
        .order_by("facilitator__sort_name", "pk")
    )


def facilitator_contracts(facilitator: Facilitator, user) -> list[Contract]:
    """The facilitator's contracts the user may see, newest first, with the posting
    each decree made."""
    return list(
        facilitator.contracts.visible_to(user)
        .select_related("posting__kelurahan", "evaluation")
        .order_by("-start_date")
    )


@dataclass(frozen=True)
class Gap:
    """Days of a posting that no contract covers."""

    posting: Assignment
    start: datetime.date
    end: datetime.date


def uncovered_postings(
    postings: list[Assignment], contracts: list[Contract], day: datetime.date
) -> list[Gap]:
    """The days up to `day` of these postings that none of these contracts covers
    (one facilitator's, already read: no query)."""
    periods = sorted((c.start_date, c.end_date) for c in contracts)
    gaps = []
    for posting in postings:
        last = min(posting.end_date or day, day)
        free = posting.start_date
        for start, end in periods:
            if free > last:
                break
            if end < free:
                continue
            if start > free:
                gaps.append(Gap(posting, free, min(start - datetime.timedelta(days=1), last)))
            free = max(free, end + datetime.timedelta(days=1))
        if free <= last:
            gaps.append(Gap(posting, free, last))
    return gaps


def payment_details_of(facilitator: Facilitator) -> PaymentDetails | None:
    """The facilitator's payment details, or None."""
    return PaymentDetails.objects.filter(facilitator=facilitator).first()


def payment_history(facilitator: Facilitator, *, limit: int | None = None) -> list[HistoryEntry]:
    """The changes of a facilitator's payment details, numbers masked (registry.masking)."""
    return history_entries(
        Source(PaymentDetails.history.filter(facilitator_id=facilitator.pk)), limit=limit
    )


def contract_history(contract: Contract, *, limit: int | None = None) -> list[HistoryEntry]:
    """The contract's changes, with its evaluation's and the scores given."""
    return history_entries(
        Source(Contract.history.filter(id=contract.pk), formats=CONTRACT_FORMATS),
        Source(
            Evaluation.history.filter(contract_id=contract.pk),
            describe=lambda record: _gettext("Evaluation"),
        ),
        Source(
            EvaluationScore.history.filter(evaluation__contract_id=contract.pk).select_related(
                "criterion"
            ),
            describe=lambda record: (
                _gettext("Score: %(criterion)s")
                % {"criterion": record.criterion.name if record.criterion else "?"}
            ),
            exclude=["evaluation"],
        ),
        limit=limit,
    )


def contracts_to_remind(day: datetime.date, steps: tuple[int, ...]):
    """(days before the end, contract) pairs due a reminder on the day: the contract
    ends within that many days but not yet within the next smaller step, and no
    reminder of that step was planned (outbox). A missed day is caught up; none is
    planned twice."""
    due = []
    ordered = sorted(steps, reverse=True)
    for index, step in enumerate(ordered):
        smaller = ordered[index + 1] if index + 1 < len(ordered) else -1
        contracts = (
            Contract.objects.filter(
                end_date__gte=day + datetime.timedelta(days=smaller + 1),
                end_date__lte=day + datetime.timedelta(days=step),
            )
            .exclude(
                Exists(
                    Reminder.objects.filter(
                        kind=Reminder.Kind.CONTRACT,
                        facilitator=OuterRef("facilitator"),
                        period=OuterRef("end_date"),
                        stage=str(step),
                    )
                )
            )
            .select_related("facilitator")
            .order_by("end_date", "facilitator__sort_name")
        )
        due += [(step, contract) for contract in contracts]
    return due


# The honorarium list -------------------------------------------------------------

NO_CONTRACT = _("No contract")
MONTH_NOT_OVER = _("The month is not over")
REPORT_MISSING = _("Monthly report missing")
REPORT_RETURNED = _("Monthly report returned")
REPORT_NOT_APPROVED = _("Monthly report not approved yet")


@dataclass
class HonorariumLine:
    number: int
    facilitator: Facilitator
    kelurahan: str
    contract: Contract | None
    days: int = 0
    days_in_month: int = 0
    gross: int = 0
    tax_rate: Decimal = Decimal(0)
    tax: int = 0
    reason: str = ""  # empty: payable
    payment: PaymentDetails | None = None
    kecamatan_id: int | None = None  # of the posting the line stands in (the filter)

    @property
    def payable(self) -> bool:
        return not self.reason

    @property
    def net(self) -> int:
        return self.gross - self.tax

    def frozen(self) -> dict:
        """The line as an issued list keeps it (JSON): what every form prints."""
        payment, contract = self.payment, self.contract
        return {
            "facilitator": self.facilitator.pk,
            "name": self.facilitator.name,
            "kelurahan": self.kelurahan,
            "kecamatan": self.kecamatan_id,
            "contract": contract.number if contract else None,
            "monthly_honorarium": contract.monthly_honorarium if contract else 0,
            "payment": None
            if payment is None
            else {
                "bank_name": payment.bank_name,
                "account_number": payment.account_number,
                "account_holder": payment.account_holder,
                "npwp": payment.npwp,
            },
            "days": self.days,
            "days_in_month": self.days_in_month,
            "gross": self.gross,
            "tax_rate": str(self.tax_rate),
            "tax": self.tax,
            "reason": self.reason,
        }

    @classmethod
    def thawed(cls, number: int, kept: dict) -> "HonorariumLine":
        """A line of an issued list, as it was kept (unsaved objects: no query)."""
        facilitator = Facilitator(pk=kept["facilitator"], name=kept["name"])
        contract = None
        if kept["contract"] is not None:
            contract = Contract(
                number=kept["contract"], monthly_honorarium=kept["monthly_honorarium"]
            )
        payment = None if kept["payment"] is None else PaymentDetails(**kept["payment"])
        return cls(
            number,
            facilitator,
            kept["kelurahan"],
            contract,
            days=kept["days"],
            days_in_month=kept["days_in_month"],
            gross=kept["gross"],
            tax_rate=Decimal(kept["tax_rate"]),
            tax=kept["tax"],
            reason=kept["reason"],
            payment=payment,
            kecamatan_id=kept["kecamatan"],
        )


def not_payable_reason(state: str | None) -> str:
    """Why a month is not paid, from the state of its monthly report ("" when it is
    approved: paid only on an approved report)."""
    if state == MonthlyReport.State.APPROVED:
        return ""
    if state == MonthlyReport.State.RETURNED:
        return str(REPORT_RETURNED)
    if state in (MonthlyReport.State.SUBMITTED, MonthlyReport.State.VERIFIED):
        return str(REPORT_NOT_APPROVED)
    return str(REPORT_MISSING)


def month_postings(month: datetime.date, last: datetime.date, kecamatan=None):
    """Each facilitator's latest posting in force in the month [month, last]: where
    their line of the honorarium list stands. With a kecamatan, those in it only, so
    that a facilitator moved in the month is on one kecamatan's list, not on two."""
    during = postings_during(month, last)
    later = during.filter(facilitator=OuterRef("facilitator")).filter(
        Q(start_date__gt=OuterRef("start_date"))
        | Q(start_date=OuterRef("start_date"), pk__gt=OuterRef("pk"))
    )
    latest = during.filter(~Exists(later))
    if kecamatan is not None:
        latest = latest.filter(kelurahan__kecamatan=kecamatan)
    return latest


def without_contract(postings, month: datetime.date, last: datetime.date):
    """Those of these postings whose facilitator has no contract in force in the month
    [month, last]."""
    covered = Contract.objects.covering_month(month, last).filter(
        facilitator=OuterRef("facilitator")
    )
    return postings.filter(~Exists(covered))


def honorarium_scope(month: datetime.date, kecamatan=None):
    """(contracts, postings without a contract) of the month's honorarium list, as
    querysets: a line per contract in force in the month and one per facilitator
    posted in the month without one. With a kecamatan: those whose latest posting of
    the month is in it (a contract of someone posted nowhere that month is on the
    whole list only)."""
    last = month_end(month)
    postings = month_postings(month, last, kecamatan)
    contracts = Contract.objects.covering_month(month, last)
    if kecamatan is not None:
        contracts = contracts.filter(facilitator__in=postings.values("facilitator"))
    return contracts, without_contract(postings, month, last)


def honorarium_line_count(month: datetime.date, kecamatan=None) -> int:
    """The lines of the month's list, counted in one query before any is built.

    The whole list counts the facilitators posted in the month without a contract
    as they are: each has one latest posting of the month, and finding it (the
    month's postings joined with themselves, 76,000 nationally: most of the count's
    time) only matters to place them in a kecamatan."""
    contracts, uncovered = honorarium_scope(month, kecamatan)
    if kecamatan is None:
        last = month_end(month)
        uncovered = without_contract(postings_during(month, last), month, last)
        uncovered = uncovered.order_by().values("facilitator").distinct()
    else:
        uncovered = uncovered.order_by().values("pk")
    return contracts.order_by().values("pk").union(uncovered, all=True).count()


def honorarium_lines(
    month: datetime.date, *, day: datetime.date, kecamatan=None, rates: TaxRate | None = None
) -> list[HonorariumLine]:
    """The month's honorarium list (of one kecamatan, or whole) as it stands on the day:
    each contract in force in the month, pro-rated and taxed at the rates in force in
    that month (`TaxRate.of_month`), payable only on an approved monthly report of a
    month that is over (`month_is_over`); and each facilitator posted that month without
    a contract, not payable. Five queries, whatever the size (four given the month's
    `rates`, which the caller may have read already)."""
    rates = rates or TaxRate.of_month(month)
    over = month_is_over(month, today=day)
    scope, _uncovered = honorarium_scope(month, kecamatan)
    contracts = list(
        scope.select_related("facilitator__payment_details").order_by(
            "facilitator__sort_name", "facilitator_id", "start_date"
        )
    )
    postings = month_postings(month, month_end(month), kecamatan).select_related(
        "facilitator__payment_details", "kelurahan"
    )
    placed: dict[int, Assignment] = {posting.facilitator_id: posting for posting in postings}
    listed = set(placed) | {contract.facilitator_id for contract in contracts}
    states = dict(
        MonthlyReport.objects.filter(month=month, facilitator__in=listed).values_list(
            "facilitator_id", "state"
        )
    )
    lines = []
    days_in_month = money.days_in(month)
    for contract in contracts:
        facilitator = contract.facilitator
        posting = placed.get(facilitator.pk)
        line = HonorariumLine(
            0,
            facilitator,
            posting.kelurahan.name if posting else "",
            contract,
            days=money.days_covered(contract.start_date, contract.end_date, month),
            days_in_month=days_in_month,
            reason=not_payable_reason(states.get(facilitator.pk)) if over else str(MONTH_NOT_OVER),
            payment=getattr(facilitator, "payment_details", None),
            kecamatan_id=posting.kelurahan.kecamatan_id if posting else None,
        )
        if line.payable:
            payment = line.payment
            line.gross = money.prorated(contract.monthly_honorarium, line.days, days_in_month)
            line.tax_rate = rates.for_npwp(payment.npwp if payment else "")
            line.tax = money.tax_on(line.gross, line.tax_rate)
        lines.append(line)
    with_contract = {contract.facilitator_id for contract in contracts}
    for facilitator_id, posting in placed.items():
        if facilitator_id not in with_contract:
            lines.append(
                HonorariumLine(
                    0,
                    posting.facilitator,
                    posting.kelurahan.name,
                    None,
                    reason=str(NO_CONTRACT),
                    payment=getattr(posting.facilitator, "payment_details", None),
                    kecamatan_id=posting.kelurahan.kecamatan_id,
                )
            )
    lines.sort(key=lambda line: (name_sort_key(line.facilitator.name), line.facilitator.pk))
    for number, line in enumerate(lines, start=1):
        line.number = number
    return lines


# An issued list: the lines, rates and signers kept, and their fingerprint ----------

SIGNER_ROLES = ("head", "commitment_officer", "treasurer")


def signers_kept(signers: HonorariumSigners) -> dict:
    return {
        role: {
            "position": getattr(signers, f"{role}_position"),
            "name": getattr(signers, f"{role}_name"),
            "nip": getattr(signers, f"{role}_nip"),
        }
        for role in SIGNER_ROLES
    }


def honorarium_content(month: datetime.date, day: datetime.date) -> dict:
    """What an issued list keeps of the whole month's list made on the day (JSON): its
    lines, the month's tax rates and the signers in force on the day."""
    rates = TaxRate.of_month(month)
    lines = honorarium_lines(month, day=day, rates=rates)
    return {
        "month": month.isoformat(),
        "day": day.isoformat(),
        "rates": {
            "with_npwp": str(rates.rate_with_npwp),
            "without_npwp": str(rates.rate_without_npwp),
        },
        "signers": signers_kept(HonorariumSigners.on(day)),
        "lines": [line.frozen() for line in lines],
    }


def content_digest(content: dict) -> str:
    """The SHA-256 of the kept content, written canonically (sorted keys), so that the
    same content gives the same fingerprint on SQLite and PostgreSQL (jsonb reorders)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


class IssuedListAltered(Exception):
    """The kept content of an issued list no longer matches its fingerprint."""


def issued_list_of(month: datetime.date) -> IssuedHonorariumList | None:
    """The month's issued list, checked against its fingerprint, or None."""
    issued = IssuedHonorariumList.objects.filter(month=month).select_related("issued_by").first()
    if issued is not None and content_digest(issued.content) != issued.digest:
        raise IssuedListAltered(f"honorarium list {month:%Y-%m}")
    return issued


def issued_lines(issued: IssuedHonorariumList, kecamatan=None) -> list[HonorariumLine]:
    """The kept lines of an issued list (of one kecamatan: those whose posting of the
    month was in it, as `honorarium_lines` chooses them), numbered."""
    kept = issued.content["lines"]
    if kecamatan is not None:
        kept = [line for line in kept if line["kecamatan"] == kecamatan.pk]
    return [HonorariumLine.thawed(number, line) for number, line in enumerate(kept, start=1)]


# Evaluation ----------------------------------------------------------------------


@dataclass
class Indicators:
    """What the register says of a facilitator over a contract period."""

    months_posted: int = 0
    reports_approved: int = 0
    reports_on_time: int = 0
    activities: int = 0
    sessions_present: int = 0
    sessions_recorded: int = 0
    months: list[datetime.date] = field(default_factory=list)

    @property
    def approved_share(self) -> float | None:
        return self.reports_approved / self.months_posted if self.months_posted else None

    @property
    def on_time_share(self) -> float | None:
        return self.reports_on_time / self.months_posted if self.months_posted else None

    @property
    def attendance_rate(self) -> float | None:
        return attendance_rate(self.sessions_present, self.sessions_recorded)

    @property
    def activities_per_month(self) -> float | None:
        return self.activities / self.months_posted if self.months_posted else None

    @classmethod
    def of(cls, evaluation: Evaluation) -> "Indicators":
        """The figures stored with an evaluation, as the evaluator saw them."""
        return cls(
            months_posted=evaluation.months_posted,
            reports_approved=evaluation.reports_approved,
            reports_on_time=evaluation.reports_on_time,
            activities=evaluation.activities,
            sessions_present=evaluation.sessions_present,
            sessions_recorded=evaluation.sessions_recorded,
        )


def evaluation_indicators(contract: Contract, day: datetime.date) -> Indicators:
    """The register's figures over the contract's period as far as it has run by the
    day (four queries). Only months that have ended count, so a month whose report is
    not due yet weighs on nothing:

    - months posted: months of the period, ended by the day (or by the contract's
      end), with a posting in force on at least one of their days;
    - monthly reports of those months approved, and submitted by the deadline
      (first submission not late);
    - finished activities dated in those months, within the contract;
    - briefing sessions in that time: present out of those recorded.
    """
    start = contract.start_date
    facilitator = contract.facilitator_id
    result = Indicators()
    month, end = month_start(start), None
    while month <= contract.end_date and min(month_end(month), contract.end_date) <= day:
        end = min(month_end(month), contract.end_date)
        result.months.append(month)
        month = next_month(month)
    if end is None:
        return result
    postings = list(
        postings_during(start, end)
        .filter(facilitator=facilitator)
        .values_list("start_date", "end_date")
    )
    result.months = [
        month
        for month in result.months
        if any(
            s <= min(month_end(month), end) and (e is None or e >= max(month, start))
            for s, e in postings
        )
    ]
    result.months_posted = len(result.months)
    reports = MonthlyReport.objects.filter(facilitator=facilitator, month__in=result.months)
    for state, late, submitted_at in reports.values_list("state", "late", "submitted_at"):
        result.reports_approved += state == MonthlyReport.State.APPROVED
        result.reports_on_time += submitted_at is not None and not late
    result.activities = (
        ActivityEntry.objects.finished()
        .filter(facilitator=facilitator, date__gte=start, date__lte=end)
        .count()
    )
    counts = Attendance.objects.filter(
        facilitator=facilitator, session__date__gte=start, session__date__lte=end
    ).status_counts()
    result.sessions_present = counts[Attendance.Status.PRESENT]
    result.sessions_recorded = sum(counts.values())
    return result


def contracts_ending_in(start: datetime.date, end: datetime.date, *, user, kecamatan=None):
    """The contracts the user may see whose period ends from start to end, of those
    served in the kecamatan when one is given: the rows of the evaluation recap and
    of the evaluations page (`recap_outline`, `recap_rows`)."""
    contracts = Contract.objects.visible_to(user).filter(end_date__gte=start, end_date__lte=end)
    if kecamatan is not None:
        contracts = contracts.served_in(kecamatan)
    return contracts


# The recap's order: by name (two contracts of one facilitator by their end).
RECAP_ORDER = ("facilitator__sort_name", "facilitator_id", "end_date")


@dataclass
class RecapOutline:
    """Every contract of a recap in its order, and its totals."""

    ids: list[int] = field(default_factory=list)
    evaluated: int = 0
    recommended: int = 0  # for renewal
    renewed: int = 0  # whether or not the renewal is the user's to see


def recap_outline(contracts) -> RecapOutline:
    """The ids of these contracts (of `contracts_ending_in`) in the recap's order, and
    the recap's totals, from one narrow query: its length and totals are known before
    any line is built, and a page is then read by its ids (`recap_rows`). Asked for the
    first rows by name instead, PostgreSQL walks the name index of every facilitator
    (80,000 nationally) to find a page of a few hundred contracts."""
    outline = RecapOutline()
    for pk, evaluation, recommendation, renewal in contracts.order_by(*RECAP_ORDER).values_list(
        "pk", "evaluation__id", "evaluation__recommendation", "renewal__id"
    ):
        outline.ids.append(pk)
        outline.evaluated += evaluation is not None
        outline.recommended += evaluation is not None and recommendation in Evaluation.RENEWING
        outline.renewed += renewal is not None
    return outline


def recap_rows(contracts, *, user, day: datetime.date, ids: list[int] | None = None):
    """These contracts (of `contracts_ending_in`), or those of them with these ids (a
    page of `recap_outline`), in the recap's order, with their evaluation and renewal
    and what of them opens for the user on the day: one query. Their scores are
    `recap_scores`."""
    if ids is not None:
        contracts = contracts.filter(pk__in=ids)
    contracts = (
        contracts.select_related("facilitator", "evaluation", "renewal")
        # What the recap and the evaluations page show of each: a national office's
        # year is hundreds of contracts, and every column read is an object built.
        .only(
            "facilitator__name",
            "number",
            "end_date",
            *[f"evaluation__{name}" for name in ("contract", "final_score", "recommendation")],
            "renewal__number",
            "renewal__previous",
        )
        .order_by(*RECAP_ORDER)
    )
    return with_links(contracts, user, day)


def recap_scores(contracts: list[Contract]) -> dict[int, dict[int, int]]:
    """The scores of these contracts' evaluations, {contract: {criterion: score}}, in
    one query (none for no contract): plain values, not an object per score."""
    scores: dict[int, dict[int, int]] = {}
    if not contracts:
        return scores
    for contract_id, criterion_id, score in EvaluationScore.objects.filter(
        evaluation__contract__in=[contract.pk for contract in contracts]
    ).values_list("evaluation__contract_id", "criterion_id", "score"):
        scores.setdefault(contract_id, {})[criterion_id] = score
    return scores


def recommended_for_renewal(start: datetime.date, end: datetime.date, kecamatan=None):
    """Contracts ending in the period (served in the kecamatan, when one is given),
    evaluated as to be renewed, not renewed yet."""
    contracts = Contract.objects.filter(end_date__gte=start, end_date__lte=end)
    if kecamatan is not None:
        contracts = contracts.served_in(kecamatan)
    return (
        contracts.filter(evaluation__recommendation__in=Evaluation.RENEWING)
        .filter(renewal__isnull=True)
        .select_related("facilitator", "posting")
        .order_by("facilitator__sort_name", "pk")
    )


def kelurahan_of(contract: Contract) -> str:
    """Where the facilitator served under the contract: the posting the decree made,
    else their latest posting in its period."""
    if contract.posting_id:
        return contract.posting.kelurahan.name
    posting = (
        postings_during(contract.start_date, contract.end_date)
        .filter(facilitator=contract.facilitator_id)
        .select_related("kelurahan")
        .order_by("-start_date")
        .first()
    )
    return posting.kelurahan.name if posting else ""


def own_contracts(facilitator: Facilitator) -> list[Contract]:
    """A facilitator's own contracts, for their page."""
    return list(facilitator.contracts.order_by("-start_date"))


def next_period(contract: Contract) -> tuple[datetime.date, datetime.date]:
    """The period a renewal covers by default: a year from the day after the end."""
    start = contract.end_date + datetime.timedelta(days=1)
    try:
        a_year_on = start.replace(year=start.year + 1)
    except ValueError:  # from 29 February
        a_year_on = start.replace(year=start.year + 1, month=3, day=1)
    return start, a_year_on - datetime.timedelta(days=1)


def payment_shown_whole(user) -> bool:
    """Whether `user` is shown bank account numbers and NPWP whole: only who keeps
    the payment details (the office's staff). Whoever only reads the payroll (the
    supervisor) sees them masked, on a facilitator's page and in every form of the
    honorarium list alike: the single rule both ask."""
    return user is not None and user.has_perm(MANAGE_PAYMENT_DETAILS) and is_office(user)
