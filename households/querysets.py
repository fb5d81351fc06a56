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


class HouseholdChildCarriesDistrictQuerySet(ScopedQuerySet):
    """Rows of a household that carry its district too (appraisals, ledger entries), so a
    district's rows in id order are read from an index on (district, id): joined to their
    households, the last district's first page read the whole city's rows before it."""

    def scope_filter(self, scope: UserScope) -> Q:
        return district_scope_q(scope, "household__", district_prefix="")
