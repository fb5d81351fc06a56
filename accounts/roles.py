"""Roles are Django groups carrying model permissions.

This module names the roles and keeps their groups in line; what each role may do with an
app's models is declared by that app, as `role_permissions` on its AppConfig
({Role: ["app.codename", …]}), so an app above this one never has to be named here. The
group of each role is named by the role's Chinese label, so administrators read it in the
admin; the permissions of every role are brought in line after each migrate.
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
ALL_ROLES = tuple(Role)


def perms(app: str, actions: str, *models: str) -> list[str]:
    """["app.action_model", …] for every action (space-separated) and model."""
    return [f"{app}.{action}_{model}" for model in models for action in actions.split()]


def role_from_group_name(name: str) -> str | None:
    for role, group_name in ROLE_GROUP_NAMES.items():
        if group_name == name:
            return role
    return None


def role_from_group_names(names) -> str | None:
    """The role of the first role group among a user's groups."""
    return next(filter(None, map(role_from_group_name, names)), None)


def role_permissions() -> dict[str, set[str]]:
    """Every role's permissions, gathered from the apps that declare them."""
    from django.apps import apps

    table: dict[str, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role, granted in getattr(config, "role_permissions", {}).items():
            table[role].update(granted)
    return table


def sync_role_groups(**kwargs) -> None:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role, wanted in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=ROLE_GROUP_NAMES[role])
        permissions = [
            perm
            for perm in Permission.objects.select_related("content_type").filter(
                codename__in=[p.split(".", 1)[1] for p in wanted]
            )
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.set(permissions)
