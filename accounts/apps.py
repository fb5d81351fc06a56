from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from accounts.roles import sync_role_groups

        # Permissions exist only after migrate, so role groups are brought in line then.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
