from django import template

from contracts import money

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """Rp 2.500.000, as every page and document writes an amount."""
    return "" if amount is None or amount == "" else money.rupiah(int(amount))


@register.filter
def thousands(amount) -> str:
    """2.500.000, in the columns of a document headed "(Rp)"."""
    return "" if amount is None or amount == "" else money.thousands(int(amount))
