"""Scoping of every projects model: how a UserScope maps onto its rows (accounts.scoping)."""

from django.db.models import Q

from accounts.scoping import ScopedQuerySet, UserScope


def project_scope_q(scope: UserScope, prefix: str = "") -> Q:
    """Rows whose project (reached through `prefix`) is in the scope."""
    return (
        Q(**{f"{prefix}district_id__in": scope.district_ids})
        | Q(**{f"{prefix}street_id__in": scope.street_ids})
        | Q(**{f"{prefix}id__in": scope.project_ids})
    )


def district_scope_q(scope: UserScope, prefix: str = "") -> Q:
    """Rows that carry their project's district (denormalised for speed) and reach their
    project through `prefix`: daily statuses, households and what hangs on a household."""
    return (
        Q(**{f"{prefix}district_id__in": scope.district_ids})
        | Q(**{f"{prefix}project__street_id__in": scope.street_ids})
        | Q(**{f"{prefix}project_id__in": scope.project_ids})
    )


def scope_district_ids(scope: UserScope):
    """A subquery of the districts the scope touches (own, its streets', its projects')."""
    from projects.models import Project, Region

    return Region.objects.filter(
        Q(id__in=scope.district_ids)
        | Q(id__in=Region.objects.filter(id__in=scope.street_ids).values("parent_id"))
        | Q(id__in=Project.objects.filter(id__in=scope.project_ids).values("district_id"))
    ).values("id")


class CityWideQuerySet(ScopedQuerySet):
    """City-level records (plans, campaigns) that every user with a scope may read."""

    def scope_filter(self, scope: UserScope) -> Q:
        return Q()


class RegionQuerySet(ScopedQuerySet):
    def districts(self):
        return self.filter(level="district")

    def streets(self):
        return self.filter(level="street")

    def writable_by(self, user):
        return writable_regions(self, user)

    def scope_filter(self, scope: UserScope) -> Q:
        # Subqueries rather than joins, so no row repeats and annotations count right.
        from projects.models import Project

        project_streets = Project.objects.filter(id__in=scope.project_ids, street__isnull=False)
        return (
            Q(id__in=scope_district_ids(scope))
            | Q(parent_id__in=scope.district_ids)
            | Q(id__in=scope.street_ids)
            | Q(id__in=project_streets.values("street_id"))
        )


def writable_regions(queryset, user):
    """Districts and streets a user may put a record in: their own region only (a street
    user: their street and its district), never the wider set they may read."""
    from accounts.scoping import scope_of

    scope = scope_of(user)
    if scope.city_wide:
        return queryset.all()
    street_districts = queryset.model.objects.filter(id__in=scope.street_ids).values("parent_id")
    return queryset.filter(
        Q(id__in=scope.district_ids) | Q(parent_id__in=scope.district_ids)
        | Q(id__in=scope.street_ids) | Q(id__in=street_districts)
    )


class ProjectQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return project_scope_q(scope)

    def under_construction(self):
        return self.filter(construction_status="under_construction")

    def filing_daily_status(self):
        """Projects that file a daily resumption status: under construction or suspended."""
        return self.filter(construction_status__in=["under_construction", "suspended"])


class ProjectChildQuerySet(ScopedQuerySet):
    """Rows that belong to one project (funding, investment, …)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return project_scope_q(scope, "project__")


class DailyStatusQuerySet(ProjectChildQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return district_scope_q(scope)


class DistrictTargetQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return Q(district_id__in=scope_district_ids(scope))


class ResettlementSiteQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        from projects.models import Project, ResettlementSite

        serving = ResettlementSite.projects.through.objects.filter(
            project__in=Project.objects.filter(project_scope_q(scope))
        )
        return Q(district_id__in=scope.district_ids) | Q(id__in=serving.values("resettlementsite_id"))
