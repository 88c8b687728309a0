"""Facilitator logins: staff give a facilitator an account, and can disable it.

A facilitator account belongs to exactly one facilitator record (the one-to-one
Facilitator.user) and to the Fasilitator group, which grants no model
permission: the account reaches only the facilitator's own pages. Staff never
touch any other account here; staff and administrator accounts are managed by
the administrator in the admin.
"""

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import User
from accounts.throttling import over_limit
from registry.models import Disclosure, Facilitator, NumberSearch

ALREADY_HAS_ACCOUNT = _("%(facilitator)s already has a login (%(username)s).")
NO_ACCOUNT = _("%(facilitator)s has no login yet.")
USERNAME_TAKEN = _("The username %(username)s is already taken. Choose another one.")
NOT_A_FACILITATOR_ACCOUNT = _(
    "The login %(username)s has more rights than a facilitator's; only the "
    "administrator can change it."
)
FACILITATOR_INACTIVE = _("%(facilitator)s is not active: reactivate them before giving a login.")


@transaction.atomic
def facilitator_account_create(
    *, facilitator: Facilitator, username: str, with_password: bool
) -> tuple[User, str | None]:
    """Create the login of a facilitator.

    With `with_password`, returns the initial password to hand over (shown
    once, never stored in clear); otherwise the account has no usable password
    until the facilitator sets one through a set-password link.
    """
    facilitator = Facilitator.objects.select_for_update().get(pk=facilitator.pk)
    if facilitator.user_id is not None:
        raise ValidationError(
            ALREADY_HAS_ACCOUNT
            % {"facilitator": facilitator.name, "username": facilitator.user.username}
        )
    if not facilitator.is_active_on(timezone.localdate()):
        raise ValidationError(FACILITATOR_INACTIVE % {"facilitator": facilitator.name})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(USERNAME_TAKEN % {"username": username})

    first_name, _space, last_name = facilitator.name.partition(" ")
    user = User(
        username=username,
        first_name=first_name[:150],
        last_name=last_name[:150],
        email=facilitator.email,
    )
    password = new_password() if with_password else None
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same username at the same moment
        raise ValidationError(USERNAME_TAKEN % {"username": username}) from error
    user.groups.add(Group.objects.get(name=roles.FACILITATOR))
    facilitator.user = user
    facilitator.save(update_fields=["user"])
    return user, password


@transaction.atomic
def facilitator_account_set_active(*, facilitator: Facilitator, active: bool) -> User:
    """Disable a facilitator's login (they can no longer sign in), or enable it again."""
    user = _account_of(facilitator)
    # A disabled account cannot sign in, and its open sessions end at their
    # next request (the authentication backend refuses inactive users).
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def facilitator_account_reset(
    *, facilitator: Facilitator, with_password: bool
) -> tuple[User, str | None]:
    """Give a facilitator who forgot their password a new one, or a set-password link."""
    user = _account_of(facilitator)
    password = new_password() if with_password else None
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save(update_fields=["password"])
    return user, password


def new_password() -> str:
    """A random password of 12 readable characters that the validators accept."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(12))
        try:
            password_validation.validate_password(password)
        except ValidationError:
            continue
        return password


def _account_of(facilitator: Facilitator) -> User:
    facilitator = Facilitator.objects.select_related("user").get(pk=facilitator.pk)
    user = facilitator.user
    if user is None:
        raise ValidationError(NO_ACCOUNT % {"facilitator": facilitator.name})
    user = User.objects.select_for_update().get(pk=user.pk)
    if not is_facilitator_login(user):
        raise ValidationError(NOT_A_FACILITATOR_ACCOUNT % {"username": user.username})
    return user


def is_facilitator_login(user: User) -> bool:
    """Whether the account is what facilitator_account_create makes: in the
    Fasilitator group and no other, no permission of its own, neither staff nor
    administrator. Only such an account may be managed from the facilitator's page;
    any other, however it came to be linked, belongs to the administrator."""
    return (
        not user.is_staff
        and not user.is_superuser
        and list(user.groups.values_list("name", flat=True)) == [roles.FACILITATOR]
        and not user.user_permissions.exists()
    )


def disclosure_record(
    *,
    facilitators: Iterable[Facilitator],
    by: User,
    via: Disclosure.Via,
    data: Disclosure.Data = Disclosure.Data.NIK,
) -> list[Disclosure]:
    """Record that `by` was shown the full NIK (or payment details) of each of
    these facilitators.

    Every page, form and document that shows them whole calls this, so the trail
    of who saw whose personal data is complete.
    """
    return Disclosure.objects.bulk_create(
        Disclosure(facilitator=facilitator, user=by, via=via, data=data)
        for facilitator in facilitators
    )


def nik_duplicate_disclosure_record(
    *, nik: str, by: User, editing: Facilitator | None = None
) -> list[Disclosure]:
    """A form refused a typed NIK as another facilitator's: telling so says that
    this NIK is in the register, so it is recorded as a disclosure of the
    facilitator who has it. Call it when a facilitator form is refused."""
    if not nik:
        return []
    others = Facilitator.objects.filter(nik=nik)
    if editing is not None and editing.pk:
        others = others.exclude(pk=editing.pk)
    return disclosure_record(facilitators=others, by=by, via=Disclosure.Via.DUPLICATE)


# Searches by a whole NIK or phone number an account may make in the window. Enough
# for a day's real work; guessing the five hidden digits of a phone (100,000 tries)
# or a NIK over birth dates would take years, and every try is in the log.
NUMBER_SEARCH_LIMIT = 20
NUMBER_SEARCH_WINDOW = datetime.timedelta(hours=1)
TOO_MANY_NUMBER_SEARCHES = _(
    "You have searched by a whole NIK or phone number %(limit)s times in the last hour. "
    "Search by name, or try the number again later."
)


def number_search_limit() -> int:
    return getattr(settings, "NUMBER_SEARCH_LIMIT", NUMBER_SEARCH_LIMIT)


def number_search_allowed(*, by: User, now: datetime.datetime) -> bool:
    """Whether `by` may search by a whole number now (their searches of the last
    hour that ran, refused ones aside, are under the limit)."""
    ran = NumberSearch.objects.filter(user=by, refused=False)
    return not over_limit(ran, limit=number_search_limit(), window=NUMBER_SEARCH_WINDOW, now=now)


@transaction.atomic
def number_search_record(
    *, by: User, kind: NumberSearch.Kind, found: int, refused: bool = False
) -> NumberSearch:
    """Record a search by a whole number (never the number): found or not, or refused."""
    search = NumberSearch(user=by, kind=kind, found=found, refused=refused)
    search.full_clean()
    search.save()
    return search
