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

_READ_PROGRAMME = ["projects.view_region", "projects.view_project"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DISTRICT_OFFICIAL: [*_READ_PROGRAMME, "projects.add_project", "projects.change_project"],
    Role.CITY_STAFF: [*_READ_PROGRAMME, "projects.add_project", "projects.change_project"],
    Role.BUREAU_LEADER: [*_READ_PROGRAMME],
    Role.LEADER: [*_READ_PROGRAMME],
    Role.ADMIN: [
        *_READ_PROGRAMME,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "projects.add_region",
        "projects.change_region",
        "django_celery_beat.view_periodictask",
        "django_celery_beat.change_periodictask",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
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
