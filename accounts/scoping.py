"""A user's scope: the region on their account, plus what apps above grant one by one.

The scope is data on the user (DESIGN.md §4): the city, a district or a street on the
account itself, and single projects for project-HQ staff. Projects live in an app above
this one, so that app registers a *scope source* (a function user → UserScope fields) when
it loads; this module never names it. core.scoping turns the scope into row filters.
"""

from collections.abc import Callable
from dataclasses import replace

from core.models import Region
from core.scoping import EMPTY_SCOPE, UserScope

ScopeSource = Callable[[object], dict]
_scope_sources: list[ScopeSource] = []


def register_scope_source(source: ScopeSource) -> None:
    """Add a function that widens a user's scope (called once per user object)."""
    if source not in _scope_sources:
        _scope_sources.append(source)


def compute_scope(user) -> UserScope:
    """The scope of an active user: two queries at most (the region, each source's grant);
    none beyond the region for a city-wide user, whom a grant cannot widen (city staff and
    leaders asked for their project grants on every page). A source may only widen a scope."""
    if not user.is_active:
        return EMPTY_SCOPE
    region = user.scope_region
    scope = UserScope(
        city_wide=region is not None and region.level == Region.Level.CITY,
        district_ids=frozenset([region.id])
        if region and region.level == Region.Level.DISTRICT
        else frozenset(),
        street_ids=frozenset([region.id])
        if region and region.level == Region.Level.STREET
        else frozenset(),
        street_district_ids=(
            frozenset([region.parent_id])
            if region and region.level == Region.Level.STREET
            else frozenset()
        ),
    )
    if scope.city_wide:
        return scope
    for source in _scope_sources:
        scope = replace(scope, **source(user))
    return scope
