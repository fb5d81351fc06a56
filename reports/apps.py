from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    # The bureau distributes its reports to everyone; city staff start new versions and publish.
    role_permissions = {
        **{role: ["reports.view_report"] for role in ALL_ROLES},
        Role.CITY_STAFF: ["reports.view_report", "reports.add_report", "reports.publish_report"],
        Role.ADMIN: [
            "reports.view_report",
            *perms("reports", "view add revoke", "displaylink"),
        ],
    }
