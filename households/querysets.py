from django.db.models import Q

from accounts.scoping import ScopedQuerySet, UserScope


class HouseholdQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        # The denormalised district keeps the common case on one indexed column.
        return (
            Q(district_id__in=scope.district_ids)
            | Q(project__street_id__in=scope.street_ids)
            | Q(project_id__in=scope.project_ids)
        )


class HouseholdChildQuerySet(ScopedQuerySet):
    """Rows that belong to one household (members, progress events, reveal logs)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return (
            Q(household__district_id__in=scope.district_ids)
            | Q(household__project__street_id__in=scope.street_ids)
            | Q(household__project_id__in=scope.project_ids)
        )
