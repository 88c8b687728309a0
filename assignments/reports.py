"""The roster report (Daftar Fasilitator Kelurahan), from the posting history.

One row per kelurahan, grouped by kecamatan, with the facilitator posted
there on the chosen day (today unless asked), their phone, since when and
under which decree; kelurahan without a facilitator say so. The reserve
follows: facilitators active today who had joined by that day and were not
posted on it (the register does not keep when someone was deactivated, so
a facilitator inactive today is never listed in reserve for a past day).

For an account limited to an area, the kelurahan are those of its area (the
same with no kecamatan chosen) and the reserve, which is the office's, is not
listed.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from django import forms
from django.db.models import FilteredRelation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.areas import is_office
from assignments.models import Assignment
from assignments.selectors import in_reserve
from registry.dates import validate_register_date
from registry.forms import kecamatan_filter_field
from registry.models import Kecamatan, Kelurahan
from registry.periods import in_force_on
from reports.formats import DATE, NUMBER, Column, Report, long_date


class AsOfForm(forms.Form):
    """The day a roster shows: the same rule for the roster page and its documents."""

    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The roster as it stood that day; empty for today."),
        validators=[validate_register_date],
    )


class RosterFilterForm(AsOfForm):
    kecamatan = forms.Field(required=False)  # kecamatan_filter_field, set for the user
    field_order = ["kecamatan", "as_of"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = kecamatan_filter_field(user)


@dataclass(frozen=True)
class RosterLine:
    number: int
    kelurahan_code: str
    kelurahan: str
    facilitator: str
    phone: str
    since: datetime.date | None
    decree: str


class RosterReport(Report):
    title = gettext_lazy("Roster of ward facilitators")
    slug = "daftar-fasilitator-kelurahan"
    template = "assignments/report_roster.html"
    narrowing = gettext_lazy("Narrow it: choose one kecamatan.")

    def __init__(
        self,
        *,
        user,
        kecamatan: Kecamatan | None = None,
        as_of: datetime.date | None = None,
    ):
        super().__init__()
        self.user = user
        self.kecamatan = kecamatan
        self.as_of = as_of or self.printed_on
        # The reserve belongs to no kecamatan: it is listed on the whole-city roster
        # only, and only to the office.
        self.shows_reserve = kecamatan is None and is_office(user)

    @property
    def filename(self) -> str:
        """Named after the day it shows, not the day it was printed."""
        return f"{self.slug}-{self.as_of:%Y-%m-%d}"

    def filters(self):
        return [
            (_("Kecamatan"), self.kecamatan.name if self.kecamatan else self.every_kecamatan()),
            (_("As of"), long_date(self.as_of)),
        ]

    def columns(self):
        return [
            Column(_("No."), NUMBER, 6),
            Column(_("Kecamatan"), width=20),
            Column(_("Kelurahan code"), width=15),
            Column(_("Kelurahan"), width=22),
            Column(_("Facilitator"), width=30),
            Column(_("Phone"), width=16),
            Column(_("Posted since"), DATE, 14),
            Column(_("Decree number"), width=26),
            Column(_("Status"), width=22),
            # Every row says which day it shows: a file read alone, or pasted into
            # another, still tells.
            Column(_("As of"), DATE, 14),
        ]

    def rows(self):
        posted, uncovered, reserve = _("Posted"), _("No facilitator"), _("In reserve")
        day = self.as_of
        number = 0
        for (
            _kecamatan_code,
            kecamatan,
            code,
            kelurahan,
            facilitator,
            phone,
            since,
            decree,
        ) in self.kelurahan_rows().iterator(chunk_size=2000):
            number += 1
            status = posted if facilitator is not None else uncovered
            yield (
                number,
                kecamatan,
                code,
                kelurahan,
                facilitator,
                phone,
                since,
                decree,
                status,
                day,
            )
        if self.shows_reserve:
            for name, phone in self.reserve_rows().iterator(chunk_size=2000):
                number += 1
                yield (number, "", "", "", name, phone, None, "", reserve, day)

    def row_count(self):
        """Counted, not read: the rows are streamed when the document is made."""
        return self.kelurahan_count + (self.reserve_count if self.shows_reserve else 0)

    @cached_property
    def kelurahan_count(self) -> int:
        return self.kelurahan_in_scope().count()

    @cached_property
    def reserve_count(self) -> int:
        return self.reserve_rows().count()

    def totals(self):
        kelurahan = self.kelurahan_in_scope()
        total = self.kelurahan_count
        covered = (
            Assignment.objects.on(self.as_of).filter(kelurahan__in=kelurahan.values("pk")).count()
        )
        totals = [
            (_("Kelurahan"), total),
            (_("Kelurahan with a facilitator"), covered),
            (_("Kelurahan without a facilitator"), total - covered),
        ]
        if self.shows_reserve:
            totals.append((_("Facilitators in reserve"), self.reserve_count))
        return totals

    def print_context(self):
        sections, number = [], 0
        for (_code, kecamatan), rows in groupby(self.kelurahan_rows(), lambda row: row[:2]):
            lines = []
            for _c, _k, code, kelurahan, facilitator, phone, since, decree in rows:
                number += 1
                lines.append(
                    RosterLine(
                        number, code, kelurahan, facilitator or "", phone or "", since, decree or ""
                    )
                )
            covered = sum(1 for line in lines if line.facilitator)
            sections.append({"kecamatan": kecamatan, "lines": lines, "covered": covered})
        return {
            "sections": sections,
            "reserve": list(self.reserve_rows()) if self.shows_reserve else None,
            "totals": self.totals(),
        }

    # The queries ------------------------------------------------------------

    def kelurahan_in_scope(self):
        kelurahan = Kelurahan.objects.visible_to(self.user)
        if self.kecamatan is not None:
            kelurahan = kelurahan.filter(kecamatan=self.kecamatan)
        return kelurahan

    def kelurahan_rows(self):
        """One tuple per kelurahan with the posting of that day, in one query.

        A LEFT JOIN on the postings that covered the day keeps the kelurahan
        that had nobody; at most one posting per kelurahan covers a given day.
        """
        day = self.as_of
        covering = FilteredRelation(
            "assignments",
            condition=in_force_on(day, through="assignments__"),
        )
        return (
            self.kelurahan_in_scope()
            .annotate(posting=covering)
            .order_by("kecamatan__code", "code")
            .values_list(
                "kecamatan__code",
                "kecamatan__name",
                "code",
                "name",
                "posting__facilitator__name",
                "posting__facilitator__phone",
                "posting__start_date",
                "posting__decree_number",
            )
        )

    def reserve_rows(self):
        day = self.as_of
        return in_reserve(day).by_name().values_list("name", "phone")
