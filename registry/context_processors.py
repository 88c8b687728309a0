from django.utils.functional import SimpleLazyObject

from registry.areas import area_label


def area(request):
    """The signed-in user's area, named, for the banner in base.html: looked up only
    when a page shows it, and only for an account limited to an area."""
    user = getattr(request, "user", None)
    if user is None:
        return {"area_label": ""}
    return {"area_label": SimpleLazyObject(lambda: area_label(user))}
