"""Read-side queries on stored reports, shared by the report pages, the dashboards and the API."""

from reports.models import Report, ReportKind


def resumption_trend(*, days: int = 30) -> list[tuple[str, float | None]]:
    """The city resumption rate of the last `days` stored daily reports, oldest first."""
    rows = (
        Report.objects.current()
        .complete()
        .filter(kind=ReportKind.DAILY_RESUMPTION)
        .order_by("-period")
        .values_list("period", "data__city__resumption_rate")[:days]
    )
    return list(reversed(rows))


def figure_records(*, report: Report, district_code: str | None, figure: str) -> list[int]:
    """The ids behind one figure of a stored report (a district's, or the city's)."""
    data = report.data
    row = (
        data["city"]
        if district_code is None
        else next((d for d in data["districts"] if d["district_code"] == district_code), None)
    )
    if row is None or figure not in row["records"]:
        return []
    return row["records"][figure]
