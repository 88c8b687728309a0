"""An account's area as people read it: "Kecamatan Pekalongan Barat", not "33.75.01".

The codes themselves and what they hold are accounts.areas; the names are the
register's. Pages and documents of an account limited to an area say so with
this label (the banner of every page, the headings of every report).
"""

from django.utils.translation import gettext as _

from accounts.areas import area_of
from registry.models import Kecamatan, Kelurahan


def area_label(user) -> str:
    """The user's area named ("" for the whole register), in one query."""
    area = area_of(user)
    if area.whole:
        return ""
    if not area.codes:
        return _("no area set")
    places = Kecamatan.objects.filter(code__in=area.codes).order_by().values_list("code", "name")
    kelurahan = Kelurahan.objects.filter(code__in=area.codes).order_by()
    names = dict(places.union(kelurahan.values_list("code", "name")))
    parts = []
    for code in area.codes:
        name = names.get(code)
        if name is None:  # a city or province code, or one the register does not hold
            parts.append(code)
        elif code.count(".") == 2:
            parts.append(_("Kecamatan %(name)s") % {"name": name})
        else:
            parts.append(_("Kelurahan %(name)s") % {"name": name})
    return ", ".join(parts)
