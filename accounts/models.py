from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.areas import AREA, normalise_area, validate_area
from accounts.roles import role_of
from registry.validators import validate_nip


class AreaField(models.CharField):
    """Kemendagri codes as typed (spaces or commas between them), kept in one form."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_area(value) if value else value


class User(AbstractUser):
    """A person who signs in: office staff, a supervisor, an area supervisor or
    coordinator, a facilitator or an administrator.

    The role comes from the user's group (see accounts/roles.py); a facilitator's
    account is tied to one Facilitator record through Facilitator.user. The area
    limits what the account sees (accounts/areas.py).
    """

    area = AreaField(
        _("area"),
        max_length=500,
        blank=True,
        default="",
        validators=[validate_area],
        help_text=_(
            "Empty: the whole register. Otherwise the Kemendagri codes the account is "
            "limited to, separated by spaces or commas: a kecamatan (33.75.01) or a "
            "kelurahan (33.75.01.1002); a shorter code (33.75) takes everything under it."
        ),
    )

    nip = models.CharField(
        _("NIP"),
        max_length=21,
        blank=True,
        default="",
        validators=[validate_nip],
        help_text=_(
            "A civil servant's NIP (18 digits), printed under the full name where this "
            "person signs a document: the monthly report, the evaluation sheet."
        ),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("keep_to_area", _("Sees only the area set on the account (nothing without one)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(area="") | Q(area__regex=AREA),
                name="user_area_well_formed",
                violation_error_message=_(
                    "An area is one or more Kemendagri codes, for example 33.75.01."
                ),
            ),
            # The admin shows and changes the whole register: an account limited
            # to an area stays out of it.
            models.CheckConstraint(
                condition=Q(area="") | Q(is_staff=False, is_superuser=False),
                name="area_accounts_stay_out_of_the_admin",
                violation_error_message=_(
                    "An account limited to an area cannot use the admin: clear its staff "
                    "and superuser status, or its area."
                ),
            ),
        ]

    @property
    def display_name(self) -> str:
        """What the pages call the person: their full name; a facilitator's account
        without one, the facilitator's name in the register; the login name only
        when there is no name at all. No query of its own: the role has already
        read the facilitator of a facilitator's account (Facilitator.user)."""
        if full_name := self.get_full_name():
            return full_name
        if role_of(self) == "facilitator":
            return self.facilitator.name
        return self.username
