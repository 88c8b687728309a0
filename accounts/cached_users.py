"""The signed-in user and their permissions, read from the shared cache.

Every signed-in request reads its user, and nearly every page its permissions:
two database round trips before the view runs. With a shared cache (CACHE_URL
naming a Redis, SHARED_CACHE) both are kept there, as one entry per user, and a
request reads them in one cache round trip instead.

Every change that bears on them removes the entry, on whichever server makes it,
at once and again after the transaction commits (a request in between could have
kept the old row): a save or deletion of the account (a password, the active
flag, the area...), its groups and its own permissions. A change to a group's
permissions, or a permission or group deleted, bears on many accounts at once:
it moves a generation number kept beside the entries, read in the same round
trip, and every entry of an older generation counts as missing. Entries also
expire after ENTRY_SECONDS, a bound on a change made behind the ORM's back (a raw
SQL update), which nothing in the project does.

A per-process cache (the default, one server) keeps nothing here: a change made
in one worker process could not reach the copies kept by the others.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

ENTRY_SECONDS = 10 * 60
GENERATION = "accounts:users:generation"


@functools.cache
def _schema() -> str:
    """The user model's columns, in short: an entry kept by an older release of the
    model (a field added or removed since) is never read."""
    columns = ",".join(field.attname for field in get_user_model()._meta.concrete_fields)
    return hashlib.sha256(columns.encode()).hexdigest()[:12]


def entry_key(user_id) -> str:
    return f"accounts:user:{_schema()}:{user_id}"


def enabled() -> bool:
    return settings.SHARED_CACHE


def get(user_id, load):
    """The user with this id, their permissions already read: from the cache, or
    from `load(user_id)` (None for no such user), which is then kept."""
    key = entry_key(user_id)
    found = cache.get_many([key, GENERATION])
    generation = found.get(GENERATION, 0)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    user = load(user_id)
    if user is not None:
        # The permissions are read now, so that they come with the user next time.
        user.get_all_permissions()
        cache.set(key, (generation, user), ENTRY_SECONDS)
    return user


def forget(*user_ids) -> None:
    """Remove these users' entries, now and after the transaction commits."""
    keys = [entry_key(user_id) for user_id in user_ids if user_id is not None]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def forget_all() -> None:
    """Make every entry count as missing (a new generation), now and after commit."""

    def next_generation():
        try:
            cache.incr(GENERATION)
        except ValueError:  # not kept yet (or evicted): any new number will do
            cache.set(GENERATION, 1, None)

    next_generation()
    transaction.on_commit(next_generation)


def _account_changed(sender, instance, **kwargs):
    if enabled():
        forget(instance.pk)


def _memberships_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A user's groups or own permissions changed, from either side of the relation."""
    if not enabled() or action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:  # instance is the user
        forget(instance.pk)
    elif action == "pre_clear":  # a group or permission losing all its users
        forget(*instance.user_set.values_list("pk", flat=True))
    else:
        forget(*pk_set)


def _many_changed(sender, action, **kwargs):
    """A group's permissions changed: all its members' permissions with them."""
    if enabled() and action in {"post_add", "post_remove", "post_clear"}:
        forget_all()


def _many_deleted(sender, **kwargs):
    if enabled():
        forget_all()


def connect() -> None:
    """Connected whatever the cache; each receiver asks whether it keeps anything."""
    User = get_user_model()
    for signal in (post_save, post_delete):
        signal.connect(_account_changed, sender=User, dispatch_uid=f"cached_users_{signal}")
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _memberships_changed, sender=through, dispatch_uid=f"cached_users_{through}"
        )
    m2m_changed.connect(
        _many_changed, sender=Group.permissions.through, dispatch_uid="cached_users_groups"
    )
    for model in (Group, Permission):
        pre_delete.connect(_many_deleted, sender=model, dispatch_uid=f"cached_users_{model}")
