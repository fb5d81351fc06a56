from django.db.models import Q

from accounts.scoping import ScopedQuerySet, UserScope


class RegionQuerySet(ScopedQuerySet):
    def districts(self):
        return self.filter(level="district")

    def streets(self):
        return self.filter(level="street")

    def scope_filter(self, scope: UserScope) -> Q:
        # A district official sees their district and its streets; a street official their
        # street and its district; project staff the district and street of their projects.
        # Subqueries rather than joins, so no row repeats and annotations count right.
        from projects.models import Project, Region

        project_regions = Project.objects.filter(id__in=scope.project_ids)
        return (
            Q(id__in=scope.district_ids)
            | Q(parent_id__in=scope.district_ids)
            | Q(id__in=scope.street_ids)
            | Q(id__in=Region.objects.filter(id__in=scope.street_ids).values("parent_id"))
            | Q(id__in=project_regions.values("district_id"))
            | Q(id__in=project_regions.filter(street__isnull=False).values("street_id"))
        )


class ProjectQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: UserScope) -> Q:
        return (
            Q(district_id__in=scope.district_ids)
            | Q(street_id__in=scope.street_ids)
            | Q(id__in=scope.project_ids)
        )
