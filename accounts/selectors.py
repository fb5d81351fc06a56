"""Read-side queries on users."""

from accounts.models import User
from accounts.roles import ROLE_GROUP_NAMES


def users_with_role(role: str):
    """Active users of one role, by user name."""
    return User.objects.filter(groups__name=ROLE_GROUP_NAMES[role], is_active=True).order_by(
        "username"
    )
