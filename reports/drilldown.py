"""Drill-down: every figure of a report or a dashboard opens the page of its records, with
the facts behind the figure, not bare names.

A figure carries the ids of its records (a stored report keeps them, DESIGN.md §5); FIGURES
says what kind of record each figure counts and how its rows are read; `records_page`
renders any of them. The report pages and the dashboards only find the ids. A figure of
another kind of record (households, notices) adds its entry here with its own reader and
table template.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import DecimalField, Value
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from compensation.selectors import signed_by_project
from households.models import Household
from households.selectors import households_by_project
from projects.models import Project, ResettlementBuilding, ResettlementSite
from projects.selectors import invested_this_year, project_days
from supervision.models import Grievance, SupervisionNotice


@dataclass(frozen=True)
class Figure:
    label: Promise
    # (user, day, ids) → the rows the user may open
    rows: Callable[..., list]
    table: str  # the template of one table of those rows


def _projects(user, day: date, ids) -> list:
    return project_days(user=user, day=day, project_ids=ids)


def _statuses(user, day: date, ids) -> list:
    return project_days(user=user, day=day, status_ids=ids)


def _scoped(rows, *, related: tuple, order: tuple) -> Callable[..., list]:
    """A reader of records by id from `rows(user)`, the user's scope: what they may open."""

    def read(user, day: date, ids) -> list:
        return list(rows(user).filter(id__in=ids).select_related(*related).order_by(*order))

    return read


_plain_projects = _scoped(
    lambda user: Project.objects.for_user(user),
    related=("district",),
    order=("district__code", "code"),
)


def _invested_projects(user, day: date, ids) -> list:
    """The projects with their planned investment and the investment they reported from
    January to `day`'s month of `day`'s year — the figure's own period (万元)."""
    return list(
        Project.objects.for_user(user)
        .filter(id__in=ids)
        .select_related("district")
        .annotate(
            invested=Coalesce(
                invested_this_year(day),
                Value(0),
                output_field=DecimalField(max_digits=16, decimal_places=2),
            )
        )
        .order_by("district__code", "code")
    )


def _signing_projects(user, day: date, ids) -> list:
    """The projects with their signing deadline, households, and those signed on `day` as the
    signing rate counts them (the figure's day: its projects are behind on it)."""
    projects = _plain_projects(user, day, ids)
    households = households_by_project(projects)
    signed = signed_by_project(projects=[p.pk for p in projects], as_of=day)
    for project in projects:
        project.household_count = households.get(project.pk, 0)
        project.signed_count = signed[project.pk]
        project.unsigned_count = project.household_count - project.signed_count
    return projects


_notices = _scoped(
    lambda user: SupervisionNotice.objects.for_user(user),
    related=("district",),
    order=("district__code", "year", "serial"),
)
_grievances = _scoped(
    lambda user: Grievance.objects.for_user(user),
    related=("district", "project"),
    order=("district__code", "registered_on", "id"),
)
_households = _scoped(
    lambda user: Household.objects.for_user(user),
    related=("project", "district"),
    order=("district__code", "project__code", "code"),
)
# A building is read where its site is.
_buildings = _scoped(
    lambda user: ResettlementBuilding.objects.filter(
        site__in=ResettlementSite.objects.for_user(user)
    ),
    related=("site__district",),
    order=("site__district__code", "site__name", "name"),
)


_PROJECT_DAYS = "reports/records/_project_days.html"
_PROJECTS = "reports/records/_projects.html"
_INVESTED = "reports/records/_invested_projects.html"
_SIGNING = "reports/records/_signing_projects.html"
_NOTICES = "reports/records/_notices.html"
_GRIEVANCES = "reports/records/_grievances.html"
_HOUSEHOLDS = "reports/records/_households.html"
_BUILDINGS = "reports/records/_buildings.html"

FIGURES = {
    "under_construction": Figure(_("Projects under construction"), _projects, _PROJECT_DAYS),
    "working": Figure(_("Working or resumed"), _projects, _PROJECT_DAYS),
    "not_resumed": Figure(_("Not resumed"), _projects, _PROJECT_DAYS),
    "not_reported": Figure(_("Not reported"), _projects, _PROJECT_DAYS),
    "suspended": Figure(_("Suspended"), _projects, _PROJECT_DAYS),
    "on_time_statuses": Figure(_("Filed on time"), _statuses, _PROJECT_DAYS),
    # The weekly circular and the annual summary.
    "started_projects": Figure(_("Projects started"), _plain_projects, _PROJECTS),
    "behind_deadline": Figure(_("Projects past the signing deadline"), _signing_projects, _SIGNING),
    "investment_projects": Figure(
        _("Projects with investment completed"), _invested_projects, _INVESTED
    ),
    "investment_completed": Figure(
        _("Projects with investment completed"), _invested_projects, _INVESTED
    ),
    "urban_projects": Figure(_("Urban demolition projects"), _plain_projects, _PROJECTS),
    "rural_projects": Figure(_("Rural demolition projects"), _plain_projects, _PROJECTS),
    "cumulative_projects": Figure(
        _("Projects since the first plan year"), _plain_projects, _PROJECTS
    ),
    "notices_issued": Figure(_("Notices issued"), _notices, _NOTICES),
    "notices_answered": Figure(_("Notices answered"), _notices, _NOTICES),
    "notices_overdue": Figure(_("Notices overdue"), _notices, _NOTICES),
    "notices_closed": Figure(_("Notices closed"), _notices, _NOTICES),
    "grievances": Figure(_("Grievances registered"), _grievances, _GRIEVANCES),
    "grievances_overdue": Figure(_("Grievances overdue"), _grievances, _GRIEVANCES),
    "grievances_closed": Figure(_("Grievances closed"), _grievances, _GRIEVANCES),
    "overdue_transition": Figure(
        _("Households past their transition period"), _households, _HOUSEHOLDS
    ),
    "units_started": Figure(_("Buildings started"), _buildings, _BUILDINGS),
    "units_capped": Figure(_("Buildings basically completed"), _buildings, _BUILDINGS),
}


def records_page(request, *, figure: str, ids: list, day: date, district: str, crumbs: list):
    """The page of one figure's records. `crumbs`: [(label, url)] leading to it."""
    spec = FIGURES[figure]
    rows = spec.rows(request.user, day, ids)
    return render(
        request,
        "reports/records/records.html",
        {
            "figure": spec.label,
            "table": spec.table,
            "rows": rows,
            "total": len(set(ids)),
            "hidden": len(set(ids)) - len(rows),
            "day": day,
            "district": district,
            "crumbs": crumbs,
        },
    )
