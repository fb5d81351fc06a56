from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from accounts.roles import role_from_group_names
from accounts.scoping import compute_scope
from core.scoping import UserScope


class User(AbstractUser):
    """A person using the system: a role (group) and a scope (data) decide what they reach.

    The scope is a region — the city, a district or a street — and/or a set of projects
    (a project HQ's staff, granted on the project). A user with neither sees nothing.
    """

    scope_region = models.ForeignKey(
        "core.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scoped_users",
        verbose_name=_("scope region"),
        help_text=_("The city for city-wide roles, a district or a street for local staff."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("read_api_documentation", _("Can read the API documentation"))]

    @property
    def display_name(self) -> str:
        """How people know the user: their name (and organisation), the login name only
        when no name is recorded."""
        name = self.get_full_name() or self.username
        return f"{name}（{self.organisation}）" if self.organisation else name

    @cached_property
    def role(self) -> str | None:
        """The user's role, from the first role group they belong to."""
        groups = sorted(self.groups.all(), key=lambda group: group.pk)  # prefetched or not
        return role_from_group_names(group.name for group in groups)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self._password_changed = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if getattr(self, "_password_changed", False) and self.pk:
            # A new password ends every API token, as it ends every other session.
            AuthToken.objects.filter(user=self).delete()
            self._password_changed = False

    @cached_property
    def scope(self) -> UserScope:
        """What the user reaches, computed once per user object (core.scoping reads it)."""
        return compute_scope(self)
