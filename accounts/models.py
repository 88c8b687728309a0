from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: office staff, a supervisor, a facilitator or an administrator.

    The role comes from the user's group (see accounts/roles.py); a facilitator's
    account is tied to one Facilitator record through Facilitator.user.
    """

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
