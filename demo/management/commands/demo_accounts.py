"""`demo_accounts`: the accounts one can log in with, as the start banner lists them."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role


class Command(BaseCommand):
    help = "List the active accounts with their role and scope (the demo's log-in names)."

    def handle(self, *args, **options):
        users = (
            User.objects.filter(is_active=True)
            .select_related("scope_region")
            .prefetch_related("groups")
            .order_by("id")
        )
        if not users:
            self.stdout.write(_("No account yet."))
        for user in users:
            role = Role(user.role).label if user.role else _("no role")
            scope = user.scope_region.name if user.scope_region else "—"
            self.stdout.write(f"  {user.username:<16}{role}　{scope}　{user.get_full_name()}")
