"""Who reaches which records: the one place visibility is defined.

Each scoped model's QuerySet subclasses `ScopedQuerySet` and says, in `scope_filter`, how a
`UserScope` maps onto its rows. Pages use `ScopedQuerysetMixin`, the API `ScopedModelViewSet`
(accounts.api.views), filters and forms `Model.objects.for_user(user)`; an object outside the
scope is then simply not found (404), never forbidden (403).
"""

from dataclasses import dataclass, field

from django.db import models
from django.http import Http404


@dataclass(frozen=True)
class UserScope:
    city_wide: bool = False
    district_ids: frozenset[int] = field(default_factory=frozenset)
    street_ids: frozenset[int] = field(default_factory=frozenset)
    project_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.city_wide or self.district_ids or self.street_ids or self.project_ids)


EMPTY_SCOPE = UserScope()


def scope_of(user) -> UserScope:
    """The user's scope, computed once per user object (two queries at most)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_scope_cache", None)
    if cached is not None:
        return cached
    from projects.models import Region

    region = user.scope_region
    project_ids = frozenset(user.scope_projects.values_list("id", flat=True))
    scope = UserScope(
        city_wide=region is not None and region.level == Region.Level.CITY,
        district_ids=frozenset([region.id]) if region and region.level == Region.Level.DISTRICT else frozenset(),
        street_ids=frozenset([region.id]) if region and region.level == Region.Level.STREET else frozenset(),
        project_ids=project_ids,
    )
    user._scope_cache = scope
    return scope


class ScopedQuerySet(models.QuerySet):
    """Base for the querysets of every model a user's scope limits."""

    def scope_filter(self, scope: UserScope) -> models.Q:
        raise NotImplementedError(f"{type(self).__name__} must say how a scope maps onto its rows")

    def for_user(self, user):
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        if scope.city_wide:
            return self.all()
        return self.filter(self.scope_filter(scope))


class ScopedQuerysetMixin:
    """For class-based views: the queryset is the model's rows in the user's scope."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user)

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (self.model.DoesNotExist, ValueError):
            raise Http404
