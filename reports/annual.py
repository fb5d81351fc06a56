"""Annual summary figures (年度工作总结数据): every number a year-end work summary quotes, each
with what reproduces its records (DESIGN.md §4 "reports")."""

import io
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment

from compensation.selectors import households_in_overdue_transition
from core.figures import json_percent, percent
from core.workdays import first_working_day_after_spring_festival, working_day
from households.selectors import (
    demolitions_by_type,
    improved_up_to,
    moved_back_in,
    start_as_of,
    start_rates,
)
from projects.choices import DemolitionType
from projects.models import AnnualPlan
from projects.selectors import (
    funding_by_source,
    investment_by_district,
    programme_totals,
    units_reached,
)
from reports.selectors import city_resumption_counts, daily_figures
from reports.workbooks import BORDER, cell_styles, print_setup, title_rows
from supervision.selectors import supervision_by_district


def parse_period(period: str) -> int:
    """A year written with four digits, not in the future, with a plan."""
    if not (len(period) == 4 and period.isascii() and period.isdigit()):
        raise ValidationError({"period": _("Enter the year as four digits.")})
    year = int(period)
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError({"period": _("Enter a year of the programme, not a future one.")})
    if not AnnualPlan.objects.filter(year=year).exists():
        raise ValidationError(
            {"period": _("There is no annual plan for %(year)d.") % {"year": year}}
        )
    return year


def resumption_days(year: int, as_of: date) -> dict:
    """Days until every in-construction project resumed: from the first working day after
    the Spring Festival to the first working day whose resumption rate was 100% (the stored
    daily report's figures, computed for a day without one), counted inclusive. Every
    project working is compared by counts, never by a rate rounded to 100.0%."""
    first = first_working_day_after_spring_festival(year)
    if first is None:
        return {"from": None, "on": None, "days": None, "reason": "no_calendar"}
    stored = city_resumption_counts(start=first, end=as_of)
    day = first
    while day <= as_of:
        if working_day(day).is_working_day:
            counts = stored.get(day.isoformat())
            if counts is None:
                city = daily_figures(day=day)["city"]
                counts = (city["working"], city["under_construction"])
            working, under_construction = counts
            if under_construction and working == under_construction:
                return {
                    "from": first.isoformat(),
                    "on": day.isoformat(),
                    "days": (day - first).days + 1,
                    "under_construction": under_construction,
                    "reason": "",
                }
        day += timedelta(days=1)
    return {"from": first.isoformat(), "on": None, "days": None, "reason": "not_yet"}


def build_data(period: str) -> dict:
    year = parse_period(period)
    plan = AnnualPlan.objects.get(year=year)
    today = timezone.localdate()
    as_of = start_as_of(year, today)
    start, end = date(year, 1, 1), as_of
    rates = start_rates(plan=plan, as_of=as_of)
    investment = investment_by_district(start=start, end=end)
    completed = sum((row["completed"] for row in investment.values()), 0)
    demolitions = demolitions_by_type(start=start, end=end)
    urban = demolitions.get(DemolitionType.URBAN, {"households": 0, "projects": []})
    rural = demolitions.get(DemolitionType.RURAL, {"households": 0, "projects": []})
    notices = supervision_by_district(start=start, end=end)
    issued = sorted(n for row in notices.values() for n in row["issued"])
    units = units_reached(start=start, end=end)
    first_year = AnnualPlan.objects.order_by("year").values_list("year", flat=True).first()
    totals = programme_totals(first_year=first_year, year=year, end=end)
    improved = improved_up_to(end=end)
    overdue = households_in_overdue_transition(on=end)
    funding = funding_by_source(year=year)
    city = {
        "target_projects": plan.target_projects,
        "started_projects": len(rates.started_projects),
        "target_households": rates.target_households,
        "started_households": rates.started_households,
        "start_rate": json_percent(rates.start_rate),
        "target_investment": float(plan.target_investment or 0),
        "investment_completed": float(completed),
        "investment_rate": json_percent(percent(completed, plan.target_investment or 0)),
        "urban_projects": len(urban["projects"]),
        "urban_households": urban["households"],
        "rural_projects": len(rural["projects"]),
        "rural_households": rural["households"],
        "notices_issued": len(issued),
        "units_started": units["started"],
        "units_capped": units["capped"],
        "moved_back": moved_back_in(start=start, end=end),
        "overdue_transition": len(overdue),
        "funding_planned": float(sum(row["planned"] for row in funding)),
        "funding_received": float(sum(row["received"] for row in funding)),
        "cumulative_projects": len(totals["projects"]),
        "cumulative_investment": float(totals["investment"]),
        "improved_households": improved["households"],
        "improved_people": improved["people"],
        "records": {
            "started_projects": rates.started_projects,
            "investment_completed": sorted(
                p for row in investment.values() for p in row["projects"]
            ),
            "urban_projects": sorted(urban["projects"]),
            "rural_projects": sorted(rural["projects"]),
            "notices_issued": issued,
            "units_started": units["started_buildings"],
            "units_capped": units["capped_buildings"],
            "overdue_transition": overdue,
            "cumulative_projects": totals["projects"],
        },
        "filters": {
            "started_households": rates.households_filter(),
            "urban_households": {"demolished_in": year, "demolition_type": DemolitionType.URBAN},
            "rural_households": {"demolished_in": year, "demolition_type": DemolitionType.RURAL},
            "moved_back": {"handed_over_in": year},
            "improved_households": {"stage": "settled"},
        },
    }
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "first_year": first_year,
        "document_number": plan.document_number,
        "city": city,
        "resumption": resumption_days(year, as_of),
        "funding": [
            {**row, "planned": float(row["planned"]), "received": float(row["received"])}
            for row in funding
        ],
    }


def mark_generated(period: str) -> None:
    """Nothing is closed by the year's figures."""


MONEY = gettext_lazy("10k yuan")
# (label, key, unit): the summary in the order a work report quotes it.
LINES = [
    (
        gettext_lazy("Projects started"),
        "started_projects",
        pgettext_lazy("unit of measure", "projects"),
    ),
    (
        gettext_lazy("Target projects"),
        "target_projects",
        pgettext_lazy("unit of measure", "projects"),
    ),
    (
        gettext_lazy("Households started"),
        "started_households",
        pgettext_lazy("unit of measure", "households"),
    ),
    (
        gettext_lazy("Target households"),
        "target_households",
        pgettext_lazy("unit of measure", "households"),
    ),
    (gettext_lazy("Start rate"), "start_rate", "%"),
    (gettext_lazy("Investment completed"), "investment_completed", MONEY),
    (gettext_lazy("Investment completion rate"), "investment_rate", "%"),
    (
        gettext_lazy("Urban demolition projects"),
        "urban_projects",
        pgettext_lazy("unit of measure", "projects"),
    ),
    (
        gettext_lazy("Urban demolition households"),
        "urban_households",
        pgettext_lazy("unit of measure", "households"),
    ),
    (
        gettext_lazy("Rural demolition projects"),
        "rural_projects",
        pgettext_lazy("unit of measure", "projects"),
    ),
    (
        gettext_lazy("Rural demolition households"),
        "rural_households",
        pgettext_lazy("unit of measure", "households"),
    ),
    (
        gettext_lazy("Supervision notices issued"),
        "notices_issued",
        pgettext_lazy("unit of measure", "notices"),
    ),
    (
        gettext_lazy("Resettlement units started"),
        "units_started",
        pgettext_lazy("unit of measure", "units"),
    ),
    (
        gettext_lazy("Resettlement units basically completed"),
        "units_capped",
        pgettext_lazy("unit of measure", "units"),
    ),
    (
        gettext_lazy("Households moved back"),
        "moved_back",
        pgettext_lazy("unit of measure", "households"),
    ),
    (
        gettext_lazy("Households past their transition period"),
        "overdue_transition",
        pgettext_lazy("unit of measure", "households"),
    ),
    (gettext_lazy("Funding planned"), "funding_planned", MONEY),
    (gettext_lazy("Funding received"), "funding_received", MONEY),
    (
        gettext_lazy("Projects since the first plan year"),
        "cumulative_projects",
        pgettext_lazy("unit of measure", "projects"),
    ),
    (
        gettext_lazy("Investment since the first plan year"),
        "cumulative_investment",
        MONEY,
    ),
    (
        gettext_lazy("Households improved since the first plan year"),
        "improved_households",
        pgettext_lazy("unit of measure", "households"),
    ),
    (
        gettext_lazy("People improved since the first plan year"),
        "improved_people",
        pgettext_lazy("unit of measure", "people"),
    ),
]


def resumption_text(resumption: dict) -> str:
    """What the days count from and to, written beside the days (not the days again)."""
    if resumption["days"] is not None:
        return _(
            "from %(start)s; all %(projects)d projects under construction working on %(on)s"
        ) % {
            "start": resumption["from"],
            "on": resumption["on"],
            "projects": resumption["under_construction"],
        }
    if resumption["reason"] == "no_calendar":
        return _("— (the official calendar of the year is not published)")
    return _("— (not every project under construction has resumed on one day yet)")


def workbook(data: dict) -> bytes:
    """One A4 page: figure, value, unit; then funding by source."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Annual summary")
    title_rows(
        sheet,
        _("Shantytown redevelopment: summary figures of %(year)d") % {"year": data["year"]},
        _("As of %(day)s　Source: Penggaitong") % {"day": data["as_of"]},
        4,
    )
    header = cell_styles(book)["header"]
    row = 3
    for index, text in enumerate(
        [_("Figure"), _("Value"), _("Unit of measure"), _("Note")], start=1
    ):
        sheet.cell(row, index, text).style = header
    lines = [(str(label), data["city"][key], str(unit), "") for label, key, unit in LINES]
    resumption = data["resumption"]
    lines.insert(
        12,
        (
            _("Days until every project under construction resumed"),
            resumption["days"],
            _("days"),
            resumption_text(resumption),
        ),
    )
    for label, value, unit, note in lines:
        row += 1
        for index, content in enumerate(
            [label, "—" if value is None else value, unit, note], start=1
        ):
            cell = sheet.cell(row, index, content)
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="right" if index == 2 else "left", wrap_text=True)
            if index == 2 and isinstance(value, float):
                cell.number_format = "#,##0.0" if unit == "%" else "#,##0.00"
    row += 2
    for index, text in enumerate(
        [_("Funding source"), _("Planned (10k yuan)"), _("Received (10k yuan)"), ""], start=1
    ):
        sheet.cell(row, index, text).style = header
    for funding in data["funding"]:
        row += 1
        for index, content in enumerate(
            [funding["label"], funding["planned"], funding["received"]], start=1
        ):
            cell = sheet.cell(row, index, content)
            cell.border = BORDER
            if index > 1:
                cell.number_format = "#,##0.00"
    for letter, width in zip("ABCD", [34, 14, 10, 40], strict=True):
        sheet.column_dimensions[letter].width = width
    print_setup(sheet, "3:3")
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.page_setup.fitToHeight = 1  # one page
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
