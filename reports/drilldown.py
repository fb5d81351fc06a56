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

from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from projects.selectors import project_days


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


_PROJECT_DAYS = "reports/records/_project_days.html"

FIGURES = {
    "under_construction": Figure(_("Projects under construction"), _projects, _PROJECT_DAYS),
    "working": Figure(_("Working or resumed"), _projects, _PROJECT_DAYS),
    "not_resumed": Figure(_("Not resumed"), _projects, _PROJECT_DAYS),
    "not_reported": Figure(_("Not reported"), _projects, _PROJECT_DAYS),
    "suspended": Figure(_("Suspended"), _projects, _PROJECT_DAYS),
    "on_time_statuses": Figure(_("Filed on time"), _statuses, _PROJECT_DAYS),
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
