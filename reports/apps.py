from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    # The bureau distributes its reports to everyone; city staff start new versions and publish.
    role_permissions = {
        **{role: ["reports.view_report"] for role in ALL_ROLES},
        Role.CITY_STAFF: ["reports.view_report", "reports.add_report", "reports.publish_report"],
    }
