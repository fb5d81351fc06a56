from django.db.models import Q

from core.scoping import ScopedQuerySet, UserScope
from projects.querysets import district_scope_q


class HouseholdQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return district_scope_q(scope)


class HouseholdChildQuerySet(ScopedQuerySet):
    """Rows that belong to one household (members, progress events)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return district_scope_q(scope, "household__")
