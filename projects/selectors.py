"""Read-side queries on projects shared by pages, API and reports."""

from django.db.models import Count, Q

from projects.models import Project, Region


def project_counts_by_district(*, user):
    """Districts in the user's scope with the number of their projects the user reaches."""
    visible = Project.objects.for_user(user).values("id")
    return (
        Region.objects.districts()
        .for_user(user)
        .annotate(project_count=Count("projects", filter=Q(projects__in=visible)))
        .order_by("code")
    )
