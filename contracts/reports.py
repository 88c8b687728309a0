"""The documents of the contract cycle, in the forms the other reports use:

- the monthly honorarium list (Daftar Penerimaan Honorarium Fasilitator
  Kelurahan): page, PDF, XLSX, CSV; A4 landscape, a signature column per
  recipient and the treasurer's, the commitment officer's and the head of
  office's blocks; the total in words;
- the evaluation sheet of one facilitator (page and PDF), with signature blocks;
- the evaluation recap of a period: page, PDF, XLSX, CSV; built for the user, so
  an account limited to an area gets its own contracts (the whole area when no
  filter is given) and the heading names the area.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.areas import is_office
from accounts.roles import MANAGE_CONTRACTS, VIEW_EVALUATIONS, VIEW_HONORARIUM_LIST
from activities.reports import SignatureBlock, last_month, month_label, nip_of, person_name
from briefings.models import rate_label
from contracts import money, services
from contracts.forms import HonorariumFilterForm, PeriodFilterForm, this_year
from contracts.models import Contract, Criterion, Evaluation, HonorariumSigners, TaxRate
from contracts.selectors import (
    SIGNER_ROLES,
    HonorariumLine,
    Indicators,
    RecapOutline,
    contracts_ending_in,
    criteria_in_use,
    honorarium_line_count,
    honorarium_lines,
    issued_lines,
    issued_list_of,
    payment_shown_whole,
    recap_outline,
    recap_rows,
    recap_scores,
    signers_kept,
)
from registry.models import Facilitator, ReportSettings
from reports.entries import Entry
from reports.formats import DATE, NUMBER, PERCENT, TEXT, Column, Report, file_slug, long_date


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# The honorarium list -------------------------------------------------------------


class HonorariumReport(Report):
    slug = "daftar-honorarium"
    template = "contracts/report_honorarium.html"
    landscape = True
    signed = False  # three signature blocks of its own

    narrowing = gettext_lazy("Narrow it: choose one kecamatan.")

    def __init__(self, *, month: datetime.date, kecamatan=None, user=None):
        super().__init__()
        self.month = month
        self.kecamatan = kecamatan
        self.user = user
        self.title = _("List of honorarium received by the ward facilitators")
        # An issued list is the document of the day it was issued, whenever opened: its
        # kept lines, rates and signers, and its date (issued_list_of checks the
        # fingerprint). Otherwise the list as it stands today, with the month's rates
        # and today's signers.
        self.issued = issued_list_of(month)
        if self.issued is not None:
            kept = self.issued.content
            self.printed_at = timezone.localtime(self.issued.issued_at)
            self.printed_on = datetime.date.fromisoformat(kept["day"])
            self.rates = TaxRate(
                rate_with_npwp=Decimal(kept["rates"]["with_npwp"]),
                rate_without_npwp=Decimal(kept["rates"]["without_npwp"]),
            )
            self.signers = kept["signers"]
        else:
            self.rates = TaxRate.of_month(month)
            self.signers = signers_kept(HonorariumSigners.on(self.printed_on))
        # Account numbers and NPWP whole, or masked for a reader of the payroll.
        self.payment_whole = payment_shown_whole(user)

    @cached_property
    def lines(self) -> list[HonorariumLine]:
        """Read when the document is made, after its size was counted."""
        if self.issued is not None:
            return issued_lines(self.issued, self.kecamatan)
        return honorarium_lines(
            self.month, day=self.printed_on, kecamatan=self.kecamatan, rates=self.rates
        )

    def row_count(self) -> int:
        return self.line_count

    @cached_property
    def line_count(self) -> int:
        if self.issued is not None:
            return len(self.lines)
        # A COUNT: a national list of 76,000 lines is refused without building them.
        return honorarium_line_count(self.month, self.kecamatan)

    @property
    def status(self) -> str:
        """Issued (when, by whom, its fingerprint) or not yet: printed under the title."""
        if self.issued is None:
            return _("Not issued yet: the lines may still change until the list is issued")
        return _("Issued on %(day)s by %(name)s; SHA-256 %(digest)s") % {
            "day": long_date(self.printed_on),
            "name": person_name(self.issued.issued_by),
            "digest": self.issued.digest,
        }

    @property
    def filename(self) -> str:
        kecamatan = self.kecamatan.name if self.kecamatan else ""
        return file_slug(self.slug, f"{self.month:%Y-%m}", kecamatan)

    @property
    def facilitators(self):
        """Whose payment details the list shows whole (none when it masks them)."""
        if not self.payment_whole:
            return []
        return [line.facilitator for line in self.lines if line.payment is not None]

    def account_of(self, payment) -> tuple[str, str]:
        """The account number and NPWP as this list shows them."""
        if payment is None:
            return "", ""
        if self.payment_whole:
            return payment.account_number, payment.npwp
        return payment.masked_account, payment.masked_npwp

    def opening(self) -> dict:
        """Every opening is recorded: the month, and whose payment details it shows."""
        return {
            "month": self.month.isoformat(),
            "facilitators": [facilitator.pk for facilitator in self.facilitators],
        }

    @classmethod
    def record_opening(cls, opening: dict, *, by, form: str) -> None:
        services.honorarium_list_opened(
            month=datetime.date.fromisoformat(opening["month"]),
            form=form,
            facilitators=[Facilitator(pk=pk) for pk in opening["facilitators"]],
            by=by,
        )

    def filters(self):
        return [
            (_("Month"), month_label(self.month)),
            (_("Kecamatan"), self.kecamatan.name if self.kecamatan else self.every_kecamatan()),
            (_("Status"), self.status),
        ]

    @property
    def payable(self) -> list[HonorariumLine]:
        return [line for line in self.lines if line.payable]

    @property
    def total_gross(self) -> int:
        return sum(line.gross for line in self.lines)

    @property
    def total_tax(self) -> int:
        return sum(line.tax for line in self.lines)

    @property
    def total_net(self) -> int:
        return sum(line.net for line in self.lines)

    def columns(self):
        return [
            Column(_("No."), NUMBER, 5),
            Column(_("Facilitator"), TEXT, 28),
            Column(_("Kelurahan"), TEXT, 18),
            Column(_("Contract number"), TEXT, 24),
            Column(_("Bank"), TEXT, 16),
            Column(_("Account number"), TEXT, 20),
            Column(_("Account holder"), TEXT, 24),
            Column(_("NPWP"), TEXT, 18),
            Column(_("Monthly honorarium (Rp)"), NUMBER, 14),
            Column(_("Days paid"), NUMBER, 8),
            Column(_("Days in the month"), NUMBER, 8),
            Column(_("Gross (Rp)"), NUMBER, 14),
            Column(_("Tax rate"), PERCENT, 8),
            Column(_("Tax withheld (Rp)"), NUMBER, 14),
            Column(_("Net (Rp)"), NUMBER, 14),
            Column(_("Payable"), TEXT, 8),
            Column(_("Reason not payable"), TEXT, 28),
        ]

    def rows(self):
        for line in self.lines:
            payment, contract = line.payment, line.contract
            account_number, npwp = self.account_of(payment)
            yield (
                line.number,
                line.facilitator.name,
                line.kelurahan,
                contract.number if contract else "",
                payment.bank_name if payment else "",
                account_number,
                payment.account_holder if payment else "",
                npwp,
                contract.monthly_honorarium if contract else 0,
                line.days,
                line.days_in_month,
                line.gross,
                float(line.tax_rate) / 100 if line.payable else None,
                line.tax,
                line.net,
                _yes_no(line.payable),
                line.reason,
            )

    def totals(self):
        return [
            (_("Recipients paid"), len(self.payable)),
            (_("Total gross (Rp)"), self.total_gross),
            (_("Total tax withheld (Rp)"), self.total_tax),
            (_("Total net (Rp)"), self.total_net),
            (_("In words"), money.terbilang(self.total_net).capitalize()),
        ]

    def signatures(self) -> list[SignatureBlock]:
        headings = {
            "head": _("Approved by"),
            "commitment_officer": _("Checked by"),
            "treasurer": _("Paid by"),
        }
        return [
            SignatureBlock(
                headings[role],
                self.signers[role]["position"],
                self.signers[role]["name"],
                self.signers[role]["nip"],
                None,
            )
            for role in SIGNER_ROLES
        ]

    def print_context(self):
        user = self.user
        for line in self.lines:
            line.account_number, line.npwp = self.account_of(line.payment)
        return {
            "can_issue": self.issued is None
            and user is not None
            and user.has_perm(MANAGE_CONTRACTS)
            and is_office(user),
            "month_value": f"{self.month:%Y-%m}",
            "lines": self.lines,
            "total_gross": money.thousands(self.total_gross),
            "total_tax": money.thousands(self.total_tax),
            "total_net": money.thousands(self.total_net),
            "in_words": money.terbilang(self.total_net).capitalize(),
            "rounding_rule": money.ROUNDING_RULE,
            "tax_rate": self.rates.rate_with_npwp,
            "tax_rate_without_npwp": self.rates.rate_without_npwp,
            "signatures": self.signatures(),
        }


# The evaluation sheet ------------------------------------------------------------


@dataclass
class ScoreLine:
    name: str
    weight: int
    score: int

    @property
    def weighted(self) -> int:
        return self.weight * self.score


def indicator_rows(figures: Indicators) -> list[tuple[str, str]]:
    """The register's figures as the form and the sheet show them."""
    return [
        (_("Months posted in the period"), str(figures.months_posted)),
        (
            _("Monthly reports approved"),
            f"{figures.reports_approved} / {figures.months_posted} "
            f"({rate_label(figures.approved_share)})",
        ),
        (
            _("Monthly reports on time"),
            f"{figures.reports_on_time} / {figures.months_posted} "
            f"({rate_label(figures.on_time_share)})",
        ),
        (
            _("Briefing attendance rate"),
            f"{rate_label(figures.attendance_rate)} "
            + _("(%(present)s of %(recorded)s sessions)")
            % {"present": figures.sessions_present, "recorded": figures.sessions_recorded},
        ),
        (
            _("Activities logged per month"),
            "—"
            if figures.activities_per_month is None
            else f"{figures.activities_per_month:.1f}".replace(".", ",")
            + f" ({figures.activities})",
        ),
    ]


class EvaluationSheet(Report):
    slug = "penilaian-kinerja"
    template = "contracts/evaluation_sheet.html"
    signed = False

    def __init__(self, *, evaluation: Evaluation, kelurahan: str):
        super().__init__()
        self.evaluation = evaluation
        self.contract = evaluation.contract
        self.kelurahan = kelurahan
        self.title = _("Performance evaluation of the ward facilitator")

    @property
    def filename(self) -> str:
        return file_slug(self.slug, self.contract.facilitator.name, f"{self.contract.end_date:%Y}")

    def filters(self):
        contract = self.contract
        return [
            (_("Name"), contract.facilitator.name),
            (_("Kelurahan"), self.kelurahan or "—"),
            (_("Contract"), f"{contract.number}"),
            (
                _("Period"),
                f"{long_date(contract.start_date)} – {long_date(contract.end_date)}",
            ),
            (_("Evaluated on"), long_date(self.evaluation.evaluated_on)),
        ]

    def print_context(self):
        evaluation = self.evaluation
        letterhead = ReportSettings.load()
        scores = [
            ScoreLine(score.criterion.name, score.weight, score.score)
            for score in evaluation.scores.all()
        ]
        place = letterhead.signature_place
        return {
            "scores": scores,
            "weight_total": sum(line.weight for line in scores),
            "weighted_total": sum(line.weighted for line in scores),
            "indicators": indicator_rows(Indicators.of(evaluation)),
            "place": place,
            "signatures": [
                SignatureBlock(
                    _("Evaluated"),
                    _("Ward facilitator"),
                    self.contract.facilitator.name,
                    "",
                    None,
                    with_nip=False,
                ),
                SignatureBlock(
                    _("Evaluator"),
                    _("Supervisor"),
                    person_name(evaluation.evaluator),
                    nip_of(evaluation.evaluator),
                    evaluation.evaluated_on,
                ),
                SignatureBlock(
                    _("Acknowledged by"),
                    letterhead.signature_position,
                    letterhead.signer_name,
                    letterhead.signer_nip,
                    None,
                ),
            ],
        }


# The evaluation recap ------------------------------------------------------------


# A page of the recap and of the evaluations page: a national office's year is
# hundreds of contracts, which one screen neither shows legibly nor renders quickly.
RECAP_PAGE_SIZE = 50


@dataclass
class RecapLine:
    number: int
    contract: Contract
    evaluation: Evaluation | None
    scores: list[int | None]

    @property
    def renewed(self) -> bool:
        return hasattr(self.contract, "renewal")


def recap_lines(contracts, criteria: list[Criterion], *, first: int = 1) -> list[RecapLine]:
    """These contracts (of `selectors.recap_rows`: a page of them or the whole),
    numbered from `first`, with their scores of the criteria (not read when none is
    asked for). Two queries, one without criteria."""
    contracts = list(contracts)
    scores = recap_scores(contracts) if criteria else {}
    lines = []
    for number, contract in enumerate(contracts, start=first):
        given = scores.get(contract.pk, {})
        lines.append(
            RecapLine(
                number,
                contract,
                getattr(contract, "evaluation", None),
                [given.get(criterion.pk) for criterion in criteria],
            )
        )
    return lines


def recap_page(contracts, number, *, user, day, criteria=(), outline: RecapOutline | None = None):
    """(the page, its lines) of these contracts (of `selectors.contracts_ending_in`):
    the page asked for (the last one past the end, the first for nonsense), numbered
    as in the whole recap. Three queries, two without criteria: the outline (unless
    given), the page's contracts by their ids, their scores."""
    outline = outline or recap_outline(contracts)
    page = Paginator(outline.ids, RECAP_PAGE_SIZE).get_page(number)
    rows = recap_rows(contracts, user=user, day=day, ids=list(page.object_list))
    return page, recap_lines(rows, list(criteria), first=page.start_index())


class EvaluationRecapReport(Report):
    """The recap of a period, of one kecamatan or all the user may see. Its length and
    totals are counted first (`recap_outline`); the files read every line, the
    printable page a page of them (`paginate`)."""

    slug = "rekap-penilaian-kinerja"
    template = "contracts/report_evaluation_recap.html"
    landscape = True
    title = gettext_lazy("Recap of the performance evaluations")
    narrowing = gettext_lazy("Narrow it: choose one kecamatan or a shorter period.")

    def __init__(self, *, start: datetime.date, end: datetime.date, user, kecamatan=None):
        super().__init__()
        self.user = user
        self.start, self.end, self.kecamatan = start, end, kecamatan
        self.criteria = criteria_in_use()
        self.contracts = contracts_ending_in(start, end, user=user, kecamatan=kecamatan)
        self.page_number = None  # the page shown (paginate), or every line

    def paginate(self, number) -> None:
        """Show one page of the lines (the printable page), `number` as the query gave it."""
        self.page_number = number or 1

    @cached_property
    def outline(self) -> RecapOutline:
        return recap_outline(self.contracts)

    def row_count(self) -> int:
        return len(self.outline.ids)

    @cached_property
    def lines(self) -> list[RecapLine]:
        """Every line: read when a document is made, after its size was counted."""
        rows = recap_rows(self.contracts, user=self.user, day=self.printed_on)
        return recap_lines(rows, self.criteria)

    @cached_property
    def page(self):
        """(the page, its lines) when paginated, else None."""
        if self.page_number is None:
            return None
        return recap_page(
            self.contracts,
            self.page_number,
            user=self.user,
            day=self.printed_on,
            criteria=self.criteria,
            outline=self.outline,
        )

    @property
    def filename(self) -> str:
        kecamatan = self.kecamatan.name if self.kecamatan else ""
        return file_slug(self.slug, f"{self.start:%Y-%m-%d}", f"{self.end:%Y-%m-%d}", kecamatan)

    def filters(self):
        return [
            (_("Contracts ending"), f"{long_date(self.start)} – {long_date(self.end)}"),
            (_("Kecamatan"), self.kecamatan.name if self.kecamatan else self.every_kecamatan()),
        ]

    def columns(self):
        return [
            Column(_("No."), NUMBER, 5),
            Column(_("Facilitator"), TEXT, 28),
            Column(_("Contract number"), TEXT, 24),
            Column(_("Contract ends"), DATE, 12),
            *[Column(criterion.name, NUMBER, 12) for criterion in self.criteria],
            Column(_("Final score"), NUMBER, 10),
            Column(_("Recommendation"), TEXT, 20),
            Column(_("Renewed"), TEXT, 10),
        ]

    def rows(self):
        for line in self.lines:
            evaluation = line.evaluation
            yield (
                line.number,
                line.contract.facilitator.name,
                line.contract.number,
                line.contract.end_date,
                *line.scores,
                float(evaluation.final_score) if evaluation else None,
                evaluation.get_recommendation_display() if evaluation else _("Not evaluated"),
                _yes_no(line.renewed),
            )

    def totals(self):
        """Of the whole recap, whichever page is shown."""
        outline = self.outline
        return [
            (_("Contracts"), len(outline.ids)),
            (_("Evaluated"), outline.evaluated),
            (_("Recommended for renewal"), outline.recommended),
            (_("Renewed"), outline.renewed),
        ]

    def print_context(self):
        page, lines = self.page or (None, self.lines)
        return {"lines": lines, "page": page, "criteria": self.criteria, "totals": self.totals()}


# On the reports index ------------------------------------------------------------


def index_entries(user) -> list[Entry]:
    """The cycle's reports on /reports/, those this user may open: the honorarium
    list is the office's payroll (never an area's), the recap is the user's area's."""
    entries = []
    if user.has_perm(VIEW_HONORARIUM_LIST) and is_office(user):
        entries.append(
            Entry(
                key="honorarium",
                title=_("Monthly honorarium list"),
                description=_(
                    "The honorarium of each facilitator for a month: days paid, gross, "
                    "PPh 21 and net, paid only on an approved monthly report, with the "
                    "account to pay and the signature blocks. Every opening is recorded."
                ),
                url_name="contracts:honorarium",
                form=HonorariumFilterForm(
                    initial={"month": last_month()}, user=user, auto_id="honorarium-%s"
                ),
            )
        )
    if user.has_perm(VIEW_EVALUATIONS):
        start, end = this_year()
        entries.append(
            Entry(
                key="evaluation-recap",
                title=_("Recap of the performance evaluations"),
                description=_(
                    "The contracts ending in a period with their final scores and "
                    "recommendations, by kecamatan."
                ),
                url_name="contracts:evaluation-recap",
                form=PeriodFilterForm(
                    initial={"start": start, "end": end}, user=user, auto_id="evaluations-%s"
                ),
            )
        )
    return entries
