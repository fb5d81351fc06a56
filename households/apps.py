from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms

_RECORDS = ("household", "householdmember", "progressevent")
_READ = perms("households", "view", *_RECORDS)
# Keeping rosters: records, progress, and (with a logged reason) full ID numbers.
_KEEP_ROSTERS = [
    *_READ,
    *perms("households", "add change", *_RECORDS),
    "households.reveal_id_number",
]


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households")

    role_permissions = {
        **{role: _READ for role in ALL_ROLES},
        Role.DISTRICT_OFFICIAL: _KEEP_ROSTERS,
        Role.CITY_STAFF: [
            *_KEEP_ROSTERS,
            "households.revert_progress",
            "households.view_idreveallog",
        ],
    }

    def ready(self):
        import households.checks  # noqa: F401  (registers the ID-key check)
        from households.services import households_follow_project, households_refresh_started_on
        from projects.signals import project_moved, start_facts_changed

        project_moved.connect(
            lambda sender, project, **kwargs: households_follow_project(project=project),
            weak=False,
            dispatch_uid="households.follow_moved_project",
        )
        start_facts_changed.connect(
            lambda sender, projects, **kwargs: households_refresh_started_on(projects=projects),
            weak=False,
            dispatch_uid="households.refresh_started_on",
        )
