from rest_framework.permissions import DjangoModelPermissions


class RoleModelPermissions(DjangoModelPermissions):
    """Model permissions of the user's role, reading included (DRF's default lets reads pass).

    A view may name the permissions of its extra actions in `action_permissions`
    ({"action": ["app.codename"]}); a status change, say, needs the change permission.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        action_permissions = getattr(view, "action_permissions", {})
        if getattr(view, "action", None) in action_permissions:
            user = request.user
            return bool(
                user and user.is_authenticated and user.has_perms(action_permissions[view.action])
            )
        return super().has_permission(request, view)
