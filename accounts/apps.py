from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    # Regions (core) are read by everyone with a scope; administrators keep them, the
    # accounts, the report schedule and the lock-out list.
    role_permissions = {
        **{role: perms("core", "view", "region") for role in ALL_ROLES},
        # The API documentation is for those who connect other software: IT and city staff.
        Role.CITY_STAFF: [*perms("core", "view", "region"), "accounts.read_api_documentation"],
        Role.ADMIN: [
            "accounts.read_api_documentation",
            *perms("core", "view add change", "region"),
            *perms("accounts", "view add change", "user"),
            *perms("django_celery_beat", "view change", "periodictask"),
            *perms("axes", "view delete", "accessattempt"),
        ],
    }

    def ready(self):
        from accounts.roles import sync_role_groups

        # Permissions exist only after migrate, so role groups are brought in line then.
        post_migrate.connect(sync_role_groups, dispatch_uid="accounts.sync_role_groups")
