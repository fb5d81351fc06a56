"""A period's supervision figures (DESIGN.md §5: overdue = open past its deadline at the
period's end) stay what they were when the period ended: a report of a past week generated
again after the districts moved on counts what was overdue that Sunday evening."""

import re
from datetime import date

from supervision import grievances, services
from supervision.models import SupervisionNotice
from supervision.querysets import overdue_q
from supervision.selectors import notices_overdue_at_end, supervision_by_district
from tests.supervision.conftest import at, draft
from tests.supervision.test_grievances import register

WEEK_48 = (date(2026, 11, 23), date(2026, 11, 29))  # the deadline, Friday 11-27, inside it
WEEK_49 = (date(2026, 11, 30), date(2026, 12, 6))


def overdue(week, district):
    start, end = week
    return supervision_by_district(start=start, end=end).get(district.pk, {}).get("overdue", [])


def test_a_notice_answered_or_extended_after_the_week_stays_overdue_in_that_week(
    issued, staff, bureau_leader, answerer, district_1
):
    extended = draft(staff, district_1, subject="安置房建设滞后")
    services.notice_sign_off(notice=extended, user=bureau_leader)
    services.notice_issue(notice=extended, user=staff)
    with at("2026-11-26 10:00 +0800"):
        services.notice_extension_request(
            notice=extended, user=answerer, deadline=date(2026, 12, 10), reason="需多部门会商。"
        )
    assert sorted(overdue(WEEK_48, district_1)) == sorted([issued.pk, extended.pk])
    with at("2026-12-01 10:00 +0800"):  # the next week: one answered and closed, one extended
        services.notice_acknowledge(notice=issued, user=answerer)
        services.notice_respond(notice=issued, user=answerer, text="已整改到位。")
        services.notice_close(notice=issued, user=staff)
        services.notice_extension_decide(notice=extended, user=bureau_leader, grant=True)
    # Week 48 as it ended, whenever it is counted again ...
    assert sorted(overdue(WEEK_48, district_1)) == sorted([issued.pk, extended.pk])
    # ... and week 49: the first closed, the second within its new deadline.
    assert overdue(WEEK_49, district_1) == []
    # The timelines give the figure of the day after the new deadline as the statuses do.
    now = {n.pk for n in SupervisionNotice.objects.filter(overdue_q(date(2026, 12, 11)))}
    assert {pk for _d, pk in notices_overdue_at_end(date(2026, 12, 10))} == now == {extended.pk}
    assert notices_overdue_at_end(date(2026, 12, 9)) == []


def test_a_grievance_decided_or_extended_after_the_week_stays_overdue_in_it(
    official_1, project_1, district_1
):
    week_47 = (date(2026, 11, 16), date(2026, 11, 22))
    with at("2026-11-20 10:00 +0800"):
        undecided = register(official_1, project_1)  # to be decided on by 11-17
        declined = register(official_1, project_1)
        grievances.grievance_decline(grievance=declined, user=official_1, reason="不属受理范围。")
        ticket = register(
            official_1,
            project_1,
            channel="hotline",
            ticket_no="12345-0001",
            ticket_deadline=date(2026, 11, 20),
        )
        grievances.grievance_accept(
            grievance=ticket, user=official_1, accepted_on=date(2026, 11, 3)
        )

    def counted():
        start, end = week_47
        return supervision_by_district(start=start, end=end)[district_1.pk]["grievances_overdue"]

    # the undecided one and the ticket past its own deadline
    assert counted() == sorted([undecided.pk, ticket.pk])
    with at("2026-11-25 10:00 +0800"):
        grievances.grievance_accept(grievance=undecided, user=official_1)
        grievances.grievance_extend(grievance=ticket, user=official_1, days=10, reason="会商。")
    assert counted() == sorted([undecided.pk, ticket.pk])


def test_the_records_of_a_past_weeks_overdue_figure_say_their_values_are_todays(
    client, issued, staff, answerer, district_1, plan
):
    """The figure is the week's; the list behind it shows each notice's status and deadline
    now, and says so (a notice answered since reads 已反馈 under "overdue")."""
    from reports.services import report_generate

    with at("2026-12-01 10:00 +0800"):
        services.notice_acknowledge(notice=issued, user=answerer)
        services.notice_respond(notice=issued, user=answerer, text="已整改到位。")
        report = report_generate(kind="weekly_supervision", period="2026-W48")
        client.force_login(staff)
        html = client.get(f"/reports/{report.pk}/records/notices_overdue/").content.decode()
    assert issued.subject in html
    assert "下列督办函的状态与办理期限为当前情况" in html and "当前状态" in html


def test_a_weeks_grievance_figures_open_the_grievances_they_count(
    client, staff, official_1, project_1, district_1, plan
):
    """The circular's 群众诉求 columns were the only figures of its table that opened nothing."""
    from reports.services import report_generate

    with at("2026-11-20 10:00 +0800"):
        undecided = register(official_1, project_1)  # to be decided on by 12-05
        closed = register(official_1, project_1)
        grievances.grievance_decline(grievance=closed, user=official_1, reason="不属受理范围。")
    with at("2026-12-07 10:00 +0800"):
        report = report_generate(kind="weekly_supervision", period="2026-W49")
        client.force_login(staff)
        page = client.get(f"/reports/{report.pk}/").content.decode()
        code = district_1.code
        for figure in ("grievances", "grievances_overdue", "grievances_closed"):
            assert f"/reports/{report.pk}/records/{code}/{figure}/" in page
            assert f"/reports/{report.pk}/records/{figure}/" in page  # the city's
        records = client.get(f"/reports/{report.pk}/records/{code}/grievances_overdue/")
    rows = re.findall(r'data-testid="record-row">(.*?)</tr>', records.content.decode(), re.S)
    assert len(rows) == 1 and f"/supervision/grievances/{undecided.pk}/" in rows[0]
    [row] = [d for d in report.data["districts"] if d["district_code"] == code]
    assert row["grievances_overdue"] == 1
