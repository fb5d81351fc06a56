from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms

_PROJECT_RECORDS = (
    "project",
    "projectfunding",
    "investmentreport",
    "resettlementsite",
    "resettlementbuilding",
    "buildingevidence",
    "dailystatus",
)
_CITY_RECORDS = (
    "annualplan",
    "planmilestone",
    "districttarget",
    "campaign",
    "campaigntarget",
    "filingreminder",
)
_READ = perms("projects", "view", *_PROJECT_RECORDS, *_CITY_RECORDS)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    role_permissions = {
        **{role: _READ for role in ALL_ROLES},
        # District staff keep their projects, buildings, investment and daily statuses.
        Role.DISTRICT_OFFICIAL: [*_READ, *perms("projects", "add change", *_PROJECT_RECORDS)],
        # City staff also set plans, their split and campaigns.
        Role.CITY_STAFF: [
            *_READ,
            *perms("projects", "add change", *_PROJECT_RECORDS, *_CITY_RECORDS),
        ],
    }

    def ready(self):
        from accounts.scoping import register_scope_source
        from projects.querysets import project_grants

        register_scope_source(project_grants)
