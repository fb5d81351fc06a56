"""The log-in backend: Django's ModelBackend, loading with the user of a session what every
page asks of them — scope region, role and permissions — in one query instead of four."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, Func, OuterRef

from accounts.models import User
from accounts.roles import role_from_group_names


def _permission_names(**lookup):
    """'app_label.codename' of the permissions matching `lookup`, as ModelBackend names them."""
    return ArraySubquery(
        Permission.objects.filter(**lookup)
        .order_by()
        .values(qualified=QualifiedName("content_type__app_label", "codename"))
    )


class QualifiedName(Func):
    """app_label.codename: both are never null, so no COALESCE as Concat writes it."""

    template = "%(expressions)s"
    arg_joiner = " || '.' || "
    output_field = CharField()


class AccessBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            User._default_manager.select_related("scope_region")
            .annotate(
                group_names=ArraySubquery(
                    Group.objects.filter(user=OuterRef("pk")).order_by("pk").values("name")
                ),
                own_permission_names=_permission_names(user=OuterRef("pk")),
                group_permission_names=_permission_names(group__user=OuterRef("pk")),
            )
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user.role = role_from_group_names(user.group_names)
        if not user.is_superuser:  # a superuser holds every permission: ModelBackend lists them
            user._perm_cache = {*user.own_permission_names, *user.group_permission_names}
        return user
