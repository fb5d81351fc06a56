"""Who reaches which records: the base every scoped queryset builds on.

Each scoped model's QuerySet subclasses `ScopedQuerySet` and says, in `scope_filter`, how a
`UserScope` maps onto its rows. The user model supplies the scope as `user.scope`
(accounts.scoping computes it); pages use core.views.ScopedQuerysetMixin, the API the
viewsets of core.api, filters and forms `Model.objects.for_user(user)`. An object outside
the scope is then simply not found (404), never forbidden (403).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class UserScope:
    """What one user reaches: the city, whole districts or streets, and single projects.

    The districts and streets that single projects or streets lie in are carried along, so
    region-level rows (district lists, targets) can be scoped without another query.
    """

    city_wide: bool = False
    district_ids: frozenset[int] = field(default_factory=frozenset)
    street_ids: frozenset[int] = field(default_factory=frozenset)
    street_district_ids: frozenset[int] = field(default_factory=frozenset)
    project_ids: frozenset[int] = field(default_factory=frozenset)
    project_district_ids: frozenset[int] = field(default_factory=frozenset)
    project_street_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.city_wide or self.district_ids or self.street_ids or self.project_ids)

    @property
    def reach_district_ids(self) -> frozenset[int]:
        """Every district the scope touches: held whole, or through a street or a project."""
        return self.district_ids | self.street_district_ids | self.project_district_ids


EMPTY_SCOPE = UserScope()


def scope_key(scope: UserScope) -> str:
    """A fingerprint of what a scope reaches: a record made for one scope (a file of its
    rows) is no longer offered once the user's scope is another."""
    held = (
        "city"
        if scope.city_wide
        else "|".join(
            ",".join(map(str, sorted(ids)))
            for ids in (scope.district_ids, scope.street_ids, scope.project_ids)
        )
    )
    return hashlib.sha256(held.encode()).hexdigest()


def scope_of(user) -> UserScope:
    """The scope of a logged-in, active user; anyone else reaches nothing."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return EMPTY_SCOPE
    return getattr(user, "scope", EMPTY_SCOPE)


def any_of(**lookups: frozenset) -> models.Q:
    """Rows matching any lookup whose ids are not empty. An empty one is left out rather than
    written as `IN ()`: that would still join its table to every row (a district official's
    household list joined to projects for nothing). No ids at all select nothing."""
    parts = [models.Q(**{lookup: ids}) for lookup, ids in lookups.items() if ids]
    if not parts:
        return models.Q(pk__in=[])
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


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


class CityWideQuerySet(ScopedQuerySet):
    """City-level records (plans, campaigns, distributed reports) every user with a scope reads."""

    def scope_filter(self, scope: UserScope) -> models.Q:
        return models.Q()
