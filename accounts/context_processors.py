from accounts.roles import ROLE_LABELS, role_of


def role(request):
    """The signed-in user's role, for the navigation in base.html."""
    user = getattr(request, "user", None)
    current = role_of(user) if user is not None else None
    return {"role": current, "role_label": ROLE_LABELS.get(current, "")}
