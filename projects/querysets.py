"""Scoping of every projects model: how a UserScope maps onto its rows (core.scoping)."""

from django.db.models import Q

from core.scoping import ScopedQuerySet, UserScope, any_of
from projects.choices import ConstructionStatus

# Projects that file a daily resumption status: under construction or suspended.
FILING_STATUSES = (ConstructionStatus.UNDER_CONSTRUCTION, ConstructionStatus.SUSPENDED)


def project_scope_q(scope: UserScope, prefix: str = "") -> Q:
    """Rows whose project (reached through `prefix`) is in the scope."""
    return any_of(
        **{
            f"{prefix}district_id__in": scope.district_ids,
            f"{prefix}street_id__in": scope.street_ids,
            f"{prefix}id__in": scope.project_ids,
        }
    )


def district_scope_q(scope: UserScope, prefix: str = "", district_prefix: str | None = None) -> Q:
    """Rows that carry their project's district (denormalised for speed) and reach their
    project through `prefix`: daily statuses, households and what hangs on a household. A
    row that carries the district itself as well says so with `district_prefix=""`."""
    district_prefix = prefix if district_prefix is None else district_prefix
    return any_of(
        **{
            f"{district_prefix}district_id__in": scope.district_ids,
            f"{prefix}project__street_id__in": scope.street_ids,
            f"{prefix}project_id__in": scope.project_ids,
        }
    )


def project_grants(user) -> dict:
    """The projects granted to a user one by one (project HQ staff), with their districts and
    streets: the scope source this app registers with accounts.scoping."""
    rows = list(user.scope_projects.values_list("id", "district_id", "street_id"))
    return {
        "project_ids": frozenset(pk for pk, _district, _street in rows),
        "project_district_ids": frozenset(district for _pk, district, _street in rows),
        "project_street_ids": frozenset(street for _pk, _district, street in rows if street),
    }


class ProjectQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return project_scope_q(scope)

    def under_construction(self):
        return self.filter(construction_status=ConstructionStatus.UNDER_CONSTRUCTION)


class ProjectChildQuerySet(ScopedQuerySet):
    """Rows that belong to one project (funding, investment, …)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return project_scope_q(scope, "project__")


class CarriesDistrictQuerySet(ProjectChildQuerySet):
    """Rows of a project that carry its district too (daily statuses, agreements)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return district_scope_q(scope)


class DistrictRowQuerySet(ScopedQuerySet):
    """Rows that belong to one district (its plan targets, the reminders sent to it)."""

    def scope_filter(self, scope: UserScope) -> Q:
        return Q(district_id__in=scope.reach_district_ids)


class ResettlementSiteQuerySet(ScopedQuerySet):
    def writable_by(self, user):
        """Sites the user may change: their own district's. A site that only serves one of
        their projects is read, not changed (it is another district's estate)."""
        from core.models import Region

        return self.for_user(user).filter(district__in=Region.objects.districts().writable_by(user))

    def scope_filter(self, scope: UserScope) -> Q:
        from projects.models import Project, ResettlementSite

        serving = ResettlementSite.projects.through.objects.filter(
            project__in=Project.objects.filter(project_scope_q(scope))
        )
        return Q(district_id__in=scope.district_ids) | Q(
            id__in=serving.values("resettlementsite_id")
        )


class SiteChildQuerySet(ScopedQuerySet):
    """Rows of a resettlement site reached through `site_path` (its units): seen by whoever
    sees the site."""

    site_path = "building__site"

    def scope_filter(self, scope: UserScope) -> Q:
        from projects.models import ResettlementSite

        sites = ResettlementSite.objects.filter(ResettlementSite.objects.all().scope_filter(scope))
        return Q(**{f"{self.site_path}__in": sites})
