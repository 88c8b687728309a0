"""Sign-in throttling: a success clears only the failures of the username that
signed in.

django-axes' own reset on success deletes every failure that shares any lockout
parameter with the success, the address included: an attacker who guessed a
victim's password four times and then signed in to their own account from the
same address wiped the victim's failures, and could guess forever. Failures for
one username therefore count whatever else succeeds, until that username signs
in or the cool-off passes.
"""

from axes.utils import reset


def forget_own_failures(sender, request, user, **kwargs) -> None:
    reset(username=user.get_username())
