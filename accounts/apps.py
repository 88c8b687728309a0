from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # post_migrate is sent once per installed app; by the last app's signal
        # every permission exists. A test database's flush sends it too.
        last_app = list(self.apps.get_app_configs())[-1]
        post_migrate.connect(sync_roles_after_migrate, sender=last_app)

        from accounts.throttling import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="forget_own_failures")

        from accounts import cached_users
        from accounts.sessions import refreshed_on_sign_in

        cached_users.connect()

        user_logged_in.connect(refreshed_on_sign_in, dispatch_uid="session_refreshed_on_sign_in")


def sync_roles_after_migrate(sender, apps=global_apps, **kwargs):
    from accounts.roles import sync_roles

    sync_roles(apps)
