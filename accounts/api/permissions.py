from rest_framework.permissions import BasePermission


class ReadsApiDocumentation(BasePermission):
    """The API schema and its documentation page: administrators and city staff."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and user.has_perm("accounts.read_api_documentation")
        )
