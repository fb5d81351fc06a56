"""The dashboards' figures as workbooks: what the page shows, laid out to print on A4
landscape as the bureau's other tables do."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from core.figures import threshold_text
from reports.workbooks import (
    RANK_COLUMNS,
    SIGNING_AND_INVESTMENT_COLUMNS,
    START_COLUMNS,
    START_GROUP,
    list_sheet,
    long_date,
    milestone_texts,
    ranking_sheet,
    title_rows,
)

_RESUMPTION = gettext_lazy("Resumption")
_OVERDUE = gettext_lazy("Overdue now")
_BOTTOM = PatternFill("solid", fgColor="FCE4D6")


def _columns(standing) -> list[tuple]:
    """The page's columns: (group header or None, column header, key in a district's
    figures, number format, width). The last milestone passed when there is one; today's
    resumption and what is overdue now only while the plan year runs."""
    columns = [
        *RANK_COLUMNS,
        *START_COLUMNS,
        (START_GROUP, gettext_lazy("Gap to target"), "gap", "#,##0", 9),
    ]
    if standing.rates.last_milestone:
        label = _("Milestone %(due)s") % {"due": f"{standing.rates.last_milestone.due_date:%m-%d}"}
        columns.append((START_GROUP, label, "last_milestone_text", "@", 9))
    columns += [
        (START_GROUP, gettext_lazy("Milestone in force"), "milestone_text", "@", 10),
        *SIGNING_AND_INVESTMENT_COLUMNS,
    ]
    if not standing.closed:
        columns += [
            (_RESUMPTION, gettext_lazy("Latest complete day (%)"), "resumption_rate", "0.0", 10),
            (_RESUMPTION, gettext_lazy("Filed today"), "filed_today", "@", 9),
            (_OVERDUE, gettext_lazy("Notices"), "notices_overdue", "0", 7),
            (_OVERDUE, gettext_lazy("Grievances"), "grievances_overdue", "0", 7),
        ]
    return columns


def _sheet_row(row: dict, filing: dict, resumption_rate) -> dict:
    return {
        **row,
        **milestone_texts(row),
        "resumption_rate": resumption_rate,
        "filed_today": f"{filing['filed']}/{filing['due']}" if filing["due"] else "—",
    }


def _figures_sheet(book, context: dict, title: str, rows: list[dict]) -> None:
    standing, resumption = context["standing"], context["resumption"]
    sheet = book.active
    sheet.title = _("Start rate")
    columns = _columns(standing)
    width = len(columns)
    parts = [
        _("Figures as of %(day)s") % {"day": long_date(standing.as_of)},
    ]
    if standing.rates.milestone:
        parts.append(
            _("milestone in force: start rate ≥ %(threshold)s%% by %(due)s")
            % {
                "threshold": threshold_text(standing.rates.milestone.start_rate_threshold),
                "due": long_date(standing.rates.milestone.due_date),
            }
        )
    if not standing.closed:
        parts.append(
            _("resumption of %(day)s, the latest day reported") % {"day": long_date(resumption.day)}
            if resumption.day
            else _("no daily report generated yet")
        )
    title_rows(sheet, title, "；".join(parts), width)
    fills = {offset: _BOTTOM for offset, row in enumerate(rows) if row.get("bottom")}
    ranking_sheet(sheet, columns, rows, fills)


def _city_row(context: dict, filing: dict) -> dict:
    """The city total row; `filing`: today's filing of the city, as far as the page counted
    it (a district's dashboard counts its own district's only)."""
    standing, resumption = context["standing"], context["resumption"]
    city = resumption.city
    return _sheet_row(
        {**standing.city, "name": _("City total"), "rank": None},
        filing,
        city["resumption_rate"] if city else None,
    )


def city_workbook(context: dict) -> bytes:
    standing = context["standing"]
    book = Workbook()
    rows = [_sheet_row(row, row["filing"], row["resumption_rate"]) for row in standing.districts]
    _figures_sheet(
        book,
        context,
        _("Shantytown redevelopment %(year)d: start rate by district")
        % {"year": standing.plan.year},
        [*rows, _city_row(context, context["resumption"].filed())],
    )
    return _saved(book)


def district_workbook(context: dict) -> bytes:
    standing, district, row = context["standing"], context["district"], context["row"]
    book = Workbook()
    _figures_sheet(
        book,
        context,
        _("Shantytown redevelopment %(year)d: %(district)s, ranked %(rank)d of %(count)d")
        % {
            "year": standing.plan.year,
            "district": district.name,
            "rank": row["rank"],
            "count": context["district_count"],
        },
        [
            _sheet_row(row, row["filing"], row["resumption_rate"]),
            # the city's filing today is not counted here: "—", not the district's as the city's
            _city_row(context, {"due": 0, "filed": 0}),
        ],
    )
    stage_labels = [str(label) for _stage, label in context["stages"]]
    list_sheet(
        book,
        _("Projects"),
        _("Plan-year projects of %(district)s") % {"district": district.name},
        [
            _("Project code"),
            _("Project name"),
            _("Households"),
            *stage_labels,
            _("Started"),
            _("Signed in all"),
            _("Signing rate (%)"),
            _("Signing ends on"),
            _("Days left"),
            _("Signings needed a day"),
        ],
        [
            [
                p.project.code,
                p.project.name,
                p.households,
                *[n for n, _link in p.stage_cells],
                p.started,
                p.signed,
                "—" if p.signing_rate is None else float(p.signing_rate),
                p.signing_ends_on.isoformat() if p.signing_ends_on else "—",
                "—" if p.days_left is None else p.days_left or _("ended"),
                "—" if p.pace_needed is None else float(p.pace_needed),
            ]
            for p in context["projects"]
        ],
        [16, 30, 9, *[8] * len(stage_labels), 8, 8, 9, 12, 8, 10],
    )
    # As the page lists them: by stage, then those the target counts that no roster holds.
    gap = [[str(label), n] for label, n, _link in context["gap"]]
    if context["gap_off_roster"]:
        gap.append(
            [
                _("Not on any plan-year roster yet (the target is above the rosters)"),
                context["gap_off_roster"],
            ]
        )
    list_sheet(
        book,
        _("Households not started"),
        _("Households of the plan-year projects not started, by stage"),
        [_("Stage"), _("Households")],
        gap,
        [40, 12],
        count=_("%(count)s households in all") % {"count": f"{sum(n for _label, n in gap):,}"},
    )
    return _saved(book)


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
