"""An account's area (wilayah): the part of the register it may see.

An account has no area (the whole register, as the office has) or one or more
Kemendagri codes: a kecamatan (`33.75.01`), a kelurahan (`33.75.01.1002`), or
a shorter code (a city `33.75`, a province `33`). Each code is a prefix on the
dot boundary: `33.75.01` holds `33.75.01` and `33.75.01.1002`, never
`33.75.011...` (which the register's codes cannot have, but a prefix without
the dot would take).

This module only reads the codes; which records lie in an area is said once
per kind of record, by QuerySet verbs built on `Area.within()`:

- places: `Kelurahan.objects.visible_to(user)`, `Kecamatan.objects.visible_to(user)`
- postings: `Assignment.objects.visible_to(user)` (any date: the area's history)
- people: `assignments.selectors.posted_in_area(user, day)`, a condition for
  any query that reaches a facilitator (posted in the area on that day)
- and the records that hang on them: `Briefing`, `Attendance`, `MonthlyReport`,
  `Contract` (posted in the area on a day of its period), `Evaluation`

An account in an area role (the `KEEP_TO_AREA` permission) with no area set
sees nothing rather than everything: a forgotten area fails closed.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# One code: a province, a city, a kecamatan or a kelurahan.
AREA_CODE = r"[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?"
# As stored: codes separated by one space (the database checks it).
AREA = rf"^{AREA_CODE}( {AREA_CODE})*$"
_ONE_CODE = re.compile(rf"^{AREA_CODE}$")
_SEPARATORS = re.compile(r"[\s,;]+")

# Granted by the area roles: an account with it and no area set sees nothing.
KEEP_TO_AREA = "accounts.keep_to_area"

BAD_CODE = _(
    "“%(code)s” is not a Kemendagri code. An area is one or more codes separated by "
    "spaces or commas, for example 33.75.01 (a kecamatan) or 33.75.01.1002 (a kelurahan)."
)
OFFICE_ONLY = _("This is the office's own work: an account limited to an area cannot do it.")


def normalise_area(value: str) -> str:
    """The codes as typed (spaces, commas), in the one stored form: sorted, once each."""
    return " ".join(sorted({code for code in _SEPARATORS.split(value.strip()) if code}))


def validate_area(value: str) -> None:
    for code in _SEPARATORS.split(value.strip()):
        if code and not _ONE_CODE.match(code):
            raise ValidationError(BAD_CODE, code="bad_area_code", params={"code": code})


@dataclass(frozen=True)
class Area:
    """The codes an account is limited to; `whole` when it is not limited."""

    codes: tuple[str, ...] = ()
    whole: bool = True

    def within(self, field: str) -> Q:
        """Rows whose code (in `field`, e.g. "code" or "kelurahan__code") lies in the area."""
        if self.whole:
            return Q()
        condition = Q(pk__in=[])  # no code: nothing
        for code in self.codes:
            condition |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
        return condition

    def reaching(self, field: str) -> Q:
        """Rows whose code lies in the area or above a code of it: the kecamatan of a
        kelurahan-level area, by which its pages are grouped."""
        if self.whole:
            return Q()
        above = {code.rsplit(".", depth)[0] for code in self.codes for depth in range(1, 4)}
        return self.within(field) | Q(**{f"{field}__in": sorted(above)})

    def covers(self, code: str) -> bool:
        """Whether one code (a kelurahan's) lies in the area."""
        return self.whole or any(code == c or code.startswith(f"{c}.") for c in self.codes)

    @property
    def key(self) -> str:
        """For cache keys: pages built for one area are never shown to another."""
        return "*" if self.whole else "+".join(self.codes) or "-"


WHOLE = Area()
NOTHING = Area(codes=(), whole=False)


def area_of(user) -> Area:
    """The area of a signed-in user (no query: the codes are on the user row and the
    permissions are those the permission checks already loaded). None, no account
    (a management command), works on the whole register."""
    if user is None:
        return WHOLE
    codes = tuple(getattr(user, "area", "").split())
    if codes:
        return Area(codes=codes, whole=False)
    if getattr(user, "is_superuser", False) or not user.is_authenticated:
        return WHOLE
    return NOTHING if user.has_perm(KEEP_TO_AREA) else WHOLE


def is_office(user) -> bool:
    """Not limited to an area: the office's own staff and supervisors."""
    return area_of(user).whole


def office_only(view: Callable) -> Callable:
    """The office's own work (the register's personal data, the reserve, planning
    briefings): refused (403) to an account limited to an area, whatever its role's
    permissions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied(OFFICE_ONLY)
        return view(request, *args, **kwargs)

    return wrapper


def check_office(by) -> None:
    """The same refusal inside a service, for callers that skip the views."""
    if by is not None and not is_office(by):
        raise PermissionDenied(OFFICE_ONLY)
