"""Roles are Django groups carrying model permissions; this module is their one definition.

The group of each role is named by the role's Chinese label, so administrators read it in
the admin; the permissions of every role are brought in line after each migrate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_OFFICIAL = "district_official", _("District official")
    CITY_STAFF = "city_staff", _("City bureau staff")
    BUREAU_LEADER = "bureau_leader", _("Bureau leader")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


# Group names are stored in Chinese, independent of the active language.
ROLE_GROUP_NAMES = {
    Role.DISTRICT_OFFICIAL: "区县市填报员",
    Role.CITY_STAFF: "市局工作人员",
    Role.BUREAU_LEADER: "局领导",
    Role.LEADER: "领导（只读）",
    Role.ADMIN: "系统管理员",
}

def _perms(app: str, actions: str, *models: str) -> list[str]:
    return [f"{app}.{action}_{model}" for model in models for action in actions.split()]


_PROJECT_RECORDS = ("project", "projectfunding", "investmentreport", "resettlementsite",
                    "resettlementbuilding", "buildingevidence", "dailystatus")
_CITY_RECORDS = ("annualplan", "planmilestone", "districttarget", "campaign", "campaigntarget")
_HOUSEHOLD_RECORDS = ("household", "householdmember", "progressevent")
_READ_PROGRAMME = [
    *_perms("projects", "view", "region", *_PROJECT_RECORDS, *_CITY_RECORDS),
    *_perms("households", "view", *_HOUSEHOLD_RECORDS),
    "reports.view_report",
]
# Keeping rosters: records, progress, and (with a logged reason) full ID numbers.
_KEEP_ROSTERS = [
    *_perms("households", "add change", *_HOUSEHOLD_RECORDS),
    "households.reveal_id_number",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    # District staff keep their projects, buildings, investment and daily statuses.
    Role.DISTRICT_OFFICIAL: [*_READ_PROGRAMME, *_perms("projects", "add change", *_PROJECT_RECORDS), *_KEEP_ROSTERS],
    # City staff also set plans, their split and campaigns.
    Role.CITY_STAFF: [
        *_READ_PROGRAMME,
        *_perms("projects", "add change", *_PROJECT_RECORDS, *_CITY_RECORDS),
        "reports.add_report",  # start a new version by hand
        "reports.publish_report",
        *_KEEP_ROSTERS,
        "households.revert_progress",
        "households.view_idreveallog",
    ],
    Role.BUREAU_LEADER: [*_READ_PROGRAMME],
    Role.LEADER: [*_READ_PROGRAMME],
    Role.ADMIN: [
        *_READ_PROGRAMME,
        *_perms("accounts", "view add change", "user"),
        *_perms("projects", "add change", "region"),
        *_perms("django_celery_beat", "view change", "periodictask"),
        *_perms("axes", "view delete", "accessattempt"),
    ],
}


def role_from_group_name(name: str) -> str | None:
    for role, group_name in ROLE_GROUP_NAMES.items():
        if group_name == name:
            return role
    return None


def sync_role_groups(**kwargs) -> None:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, group_name in ROLE_GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        wanted = ROLE_PERMISSIONS[role]
        permissions = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(
                codename__in=[p.split(".", 1)[1] for p in wanted]
            )
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.set(permissions)
