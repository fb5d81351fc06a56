"""Read-side queries of supervision: who a step concerns, how late a notice is, the board."""

from datetime import date, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import users_with_role
from core.figures import percent
from core.workdays import working_day
from supervision.choices import (
    AWAITING_DISTRICT,
    GRIEVANCE_OPEN,
    EscalationStep,
    EventKind,
    GrievanceStatus,
    NoticeStatus,
    Satisfaction,
)
from supervision.models import (
    Grievance,
    Inspection,
    NoticeEscalation,
    NoticeEvent,
    SupervisionNotice,
)
from supervision.querysets import (
    grievance_overdue_at_end_q,
    grievance_overdue_q,
    overdue_q,
)


def working_days_overdue(deadline: date, today: date) -> int:
    """Working days of the official calendar after the deadline, up to and including today."""
    days, day = 0, deadline + timedelta(days=1)
    while day <= today:
        days += working_day(day).is_working_day
        day += timedelta(days=1)
    return days


def district_answerers(notice) -> list[User]:
    """The officials who answer for the whole district the notice is addressed to."""
    return list(users_with_role(Role.DISTRICT_OFFICIAL).filter(scope_region=notice.district_id))


def bureau_followers(notice) -> list[User]:
    """City staff who follow the notice: who drafted it and who issued it."""
    ids = {notice.created_by_id}
    ids.update(
        notice.timeline.filter(kind=EventKind.ISSUED, by__isnull=False).values_list(
            "by_id", flat=True
        )
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _flag(condition: Q):
    """A true/false column from a condition, to sort by."""
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def with_overdue(notices, today: date):
    """Each notice marked `overdue` (open with the district and past its deadline); overdue
    first, then the open ones by deadline, the closed ones last, latest first."""
    return notices.annotate(
        overdue=_flag(overdue_q(today)),
        is_closed=_flag(Q(status=NoticeStatus.CLOSED)),
        open_deadline=Case(When(is_closed=False, then=F("deadline"))),
    ).order_by("-overdue", "is_closed", F("open_deadline").asc(nulls_last=True), "-deadline", "-id")


def status_counts(notices, today: date) -> dict:
    """How many notices in each status, and how many overdue, in one query."""
    counts = notices.aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        **{status.value: Count("pk", filter=Q(status=status.value)) for status in NoticeStatus},
    )
    return counts


def timeline(notice):
    """The notice's steps in order, with who took them and the evidence sent with each."""
    return notice.timeline.select_related("by").prefetch_related("evidence")


def _todo_sections(user) -> list[tuple[str, str, Q]]:
    """The kinds of step waiting on notices, each as (key, title, rows), for the user's role."""
    sections = [
        (
            "sign_off",
            _("Awaiting your sign-off"),
            "supervision.sign_off_supervisionnotice",
            Q(status=NoticeStatus.DRAFT),
        ),
        (
            "extension",
            _("Extension requests to decide"),
            "supervision.decide_extension",
            Q(extension__status="requested", status__in=AWAITING_DISTRICT),
        ),
        (
            "issue",
            _("Signed off, to issue"),
            "supervision.issue_supervisionnotice",
            Q(status=NoticeStatus.SIGNED_OFF),
        ),
        (
            "close",
            _("Responses to close out or return"),
            "supervision.close_supervisionnotice",
            Q(status=NoticeStatus.RESPONDED),
        ),
        (
            "interview",
            _("Interviews to record"),
            "supervision.change_noticeescalation",
            Q(
                pk__in=NoticeEscalation.objects.filter(
                    step="interview", held_on__isnull=True
                ).values("notice_id")
            ),
        ),
        (
            "answer",
            _("Notices to answer"),
            "supervision.answer_supervisionnotice",
            Q(status__in=AWAITING_DISTRICT),
        ),
    ]
    return [
        (key, title, rows) for key, title, permission, rows in sections if user.has_perm(permission)
    ]


def todo_for(user, today: date) -> list[dict]:
    """The notices waiting for the user's next step, one section per kind of step, each
    overdue first. Sections the user's role cannot act on are left out."""
    visible = SupervisionNotice.objects.for_user(user).select_related("district")
    return [
        {"title": title, "notices": list(with_overdue(visible.filter(rows), today))}
        for _key, title, rows in _todo_sections(user)
    ]


def todo_counts(user, today: date) -> list[dict]:
    """How many notices wait in each of the user's sections, and how many of them are
    overdue: one query, for the home page."""
    sections = _todo_sections(user)
    if not sections:
        return []
    late = overdue_q(today)
    counts = SupervisionNotice.objects.for_user(user).aggregate(
        **{f"n_{key}": Count("pk", filter=rows) for key, _title, rows in sections},
        **{f"n_{key}_overdue": Count("pk", filter=rows & late) for key, _title, rows in sections},
    )
    return [
        {"title": title, "count": counts[f"n_{key}"], "overdue": counts[f"n_{key}_overdue"]}
        for key, title, _rows in sections
    ]


def grievances_overdue_first(grievances, today: date):
    """Overdue first, then the open ones by registration, the finished ones last."""
    return grievances.annotate(
        overdue=_flag(grievance_overdue_q(today)),
        finished=_flag(~Q(status__in=GRIEVANCE_OPEN)),
    ).order_by("-overdue", "finished", "-registered_on", "-id")


def grievance_counts(grievances, today: date) -> dict:
    """Open, overdue and closed grievances, and the satisfied share of those closed whose
    resident was reached at the return visit (one not reached said nothing either way), in
    one query (the counts the supervision reports quote)."""
    counts = grievances.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=GRIEVANCE_OPEN)),
        overdue=Count("pk", filter=grievance_overdue_q(today)),
        closed=Count("pk", filter=Q(status=GrievanceStatus.CLOSED)),
        reached=Count(
            "pk",
            filter=Q(status=GrievanceStatus.CLOSED) & ~Q(satisfaction=Satisfaction.UNREACHABLE),
        ),
        satisfied=Count(
            "pk",
            filter=Q(
                status=GrievanceStatus.CLOSED,
                satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY],
            ),
        ),
    )
    counts["satisfied_rate"] = percent(counts["satisfied"], counts["reached"])
    return counts


def notice_from_grievance(grievance, today: date) -> dict:
    """A notice pre-filled from a grievance: its district and project, what the resident
    asked (no name: the content only), the deadline the grievance runs against."""
    ticket = (
        _("12345 ticket %(ticket)s: ") % {"ticket": grievance.ticket_no}
        if grievance.ticket_no
        else ""
    )
    return {
        "district": grievance.district_id,
        "projects": [grievance.project_id],
        "level": "key",
        "subject": _("Handling of a resident's grievance about %(project)s")
        % {"project": grievance.project.name},
        "problem": f"{ticket}{grievance.content}",
        "requirement": _(
            "Handle the grievance according to law within its deadline, reply to the resident "
            "and report the outcome in writing."
        ),
        # The grievance's own deadline while it lies ahead, else ten days from today.
        "deadline": grievance.deadline
        if grievance.deadline and grievance.deadline >= today
        else today + timedelta(days=10),
    }


def _deadline_ahead(day, today: date) -> date:
    return day if day and day >= today else today + timedelta(days=10)


def notice_from_finding(finding, today: date) -> dict:
    """A notice pre-filled from an inspection finding: the project's district, what was seen."""
    project = finding.project
    return {
        "district": project.district_id,
        "projects": [project.pk],
        "level": "general",
        "subject": _("Rectification of what the inspection found at %(project)s")
        % {"project": project.name},
        "problem": _("Inspection of %(day)s found: %(text)s")
        % {"day": finding.inspection.inspected_on.isoformat(), "text": finding.text},
        "requirement": _("Rectify what was found and report the rectification with photos."),
        "deadline": today + timedelta(days=10),
    }


def notice_from_decision(decision, today: date) -> dict:
    """A notice pre-filled from a meeting's decision: carry it out by its deadline."""
    meeting = decision.meeting
    return {
        "district": decision.district_id,
        "projects": [],
        "level": "key",
        "subject": _("Carrying out the decision of %(meeting)s") % {"meeting": meeting.subject},
        "problem": _("The meeting of %(day)s (%(subject)s) decided: %(text)s (owner: %(owner)s).")
        % {
            "day": meeting.held_on.isoformat(),
            "subject": meeting.subject,
            "text": decision.text,
            "owner": decision.owner,
        },
        "requirement": _("Carry out the decision and report by its deadline."),
        "deadline": _deadline_ahead(decision.deadline, today),
    }


def liaison_projects(user, today: date):
    """A city liaison's projects, each with its latest daily status, its open notices and
    grievances and its last inspection: one query whatever the number of projects."""
    from projects.models import DailyStatus, Project
    from supervision.models import Grievance, Inspection

    latest = DailyStatus.objects.filter(project=OuterRef("pk")).order_by("-date")
    naming = SupervisionNotice.projects.through.objects.filter(
        project_id=OuterRef("pk"),
        supervisionnotice__status__in=[s for s in NoticeStatus if s != NoticeStatus.CLOSED],
    )
    open_grievances = Grievance.objects.filter(project=OuterRef("pk"), status__in=GRIEVANCE_OPEN)
    visits = Inspection.projects.through.objects.filter(project_id=OuterRef("pk")).order_by(
        "-inspection__inspected_on"
    )
    return (
        Project.objects.for_user(user)
        .filter(city_liaison=user)
        .select_related("district")
        .annotate(
            latest_status_on=Subquery(latest.values("date")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
            open_notices=_count(naming),
            open_grievances=_count(open_grievances),
            overdue_grievances=_count(open_grievances.filter(grievance_overdue_q(today))),
            last_inspected_on=Subquery(visits.values("inspection__inspected_on")[:1]),
        )
        .order_by("district__code", "code")
    )


def _count(rows, by: str = "project_id"):
    """How many `rows` per outer project, 0 for none (a correlated COUNT)."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


# --- Supervision figures of a period (the weekly report, the annual summary), DESIGN.md §5 ---


# The steps that set a notice's status once issued, and the status each leaves it in.
_STATUS_AFTER = {
    EventKind.ISSUED: NoticeStatus.ISSUED,
    EventKind.ACKNOWLEDGED: NoticeStatus.ACKNOWLEDGED,
    EventKind.RETURNED: NoticeStatus.RETURNED,
    EventKind.RESPONDED: NoticeStatus.RESPONDED,
    EventKind.CLOSED: NoticeStatus.CLOSED,
}
_DEADLINE_SET_BY = (EventKind.ISSUED, EventKind.RETURNED, EventKind.EXTENSION_GRANTED)


def notices_overdue_at_end(day: date) -> list[tuple[int, int]]:
    """(district id, notice id) of the notices overdue at the end of `day` (a report period's
    last): overdue_q as their timelines had them that evening, with their district past the
    deadline then in force. An answer, a close or an extension after the period leaves its
    figure as it was. One query."""
    status: dict[int, str] = {}
    deadline: dict[int, date] = {}
    district: dict[int, int] = {}
    for notice_id, district_id, kind, step_deadline in (
        NoticeEvent.objects.filter(kind__in=[*_STATUS_AFTER, *_DEADLINE_SET_BY], at__date__lte=day)
        .order_by("notice_id", "at", "id")
        .values_list("notice_id", "notice__district_id", "kind", "deadline")
    ):
        district[notice_id] = district_id
        if kind in _STATUS_AFTER:
            status[notice_id] = _STATUS_AFTER[kind]
        if step_deadline is None or kind not in _DEADLINE_SET_BY:
            continue
        if kind == EventKind.EXTENSION_GRANTED:  # it never brings a deadline forward
            step_deadline = max(step_deadline, deadline.get(notice_id, step_deadline))
        deadline[notice_id] = step_deadline
    return [
        (district[notice_id], notice_id)
        for notice_id, then in status.items()
        if then in AWAITING_DISTRICT and notice_id in deadline and deadline[notice_id] <= day
    ]


def supervision_by_district(*, start: date, end: date) -> dict[int, dict]:
    """{district id: figures} of the period [start, end]: notices issued, answered
    (responded) and closed in it, overdue at its end (as their timelines had them then),
    escalation steps reached in it; inspections held in it (a district's when a visited
    project is its); grievances registered in it, overdue at its end (as their steps' dates
    had them) and closed in it. Notice and grievance figures are their ids. Five queries."""
    figures: dict[int, dict] = {}

    def row(district_id):
        return figures.setdefault(
            district_id,
            {
                **{key: [] for key in ("issued", "answered", "closed", "overdue")},
                **{step.value: 0 for step in EscalationStep},
                "inspections": 0,
                **{key: [] for key in ("grievances", "grievances_overdue", "grievances_closed")},
            },
        )

    kinds = {
        EventKind.ISSUED: "issued",
        EventKind.RESPONDED: "answered",
        EventKind.CLOSED: "closed",
    }
    for district_id, kind, notice_id in (
        NoticeEvent.objects.filter(kind__in=kinds, at__date__gte=start, at__date__lte=end)
        .order_by("notice__district_id", "kind", "notice_id")
        .distinct("notice__district_id", "kind", "notice_id")
        .values_list("notice__district_id", "kind", "notice_id")
    ):
        row(district_id)[kinds[kind]].append(notice_id)
    for district_id, notice_id in sorted(notices_overdue_at_end(end)):
        row(district_id)["overdue"].append(notice_id)
    for district_id, step, count in (
        NoticeEscalation.objects.filter(reached_on__gte=start, reached_on__lte=end)
        .values("notice__district_id", "step")
        .annotate(n=Count("pk"))
        .values_list("notice__district_id", "step", "n")
    ):
        row(district_id)[step] = count
    for district_id, count in (
        Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end)
        .values("projects__district_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("projects__district_id", "n")
    ):
        row(district_id)["inspections"] = count
    for district_id, registered, overdue, closed in (
        Grievance.objects.order_by()
        .values("district_id")
        .annotate(
            registered=ArrayAgg(
                "pk", filter=Q(registered_on__gte=start, registered_on__lte=end), order_by="pk"
            ),
            overdue=ArrayAgg("pk", filter=grievance_overdue_at_end_q(end), order_by="pk"),
            closed=ArrayAgg(
                "pk", filter=Q(closed_on__gte=start, closed_on__lte=end), order_by="pk"
            ),
        )
        .values_list("district_id", "registered", "overdue", "closed")
    ):
        row(district_id).update(  # an empty filter aggregates to NULL
            grievances=registered or [],
            grievances_overdue=overdue or [],
            grievances_closed=closed or [],
        )
    return figures


def inspections_held(*, start: date, end: date) -> int:
    """Inspections held in [start, end], each once (the city's figure)."""
    return Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end).count()


def circulated_notices(*, start: date, end: date) -> list[dict]:
    """Notices that reached 通报 in the period: the weekly report names them."""
    return [
        {
            "notice_id": e.notice_id,
            "number": e.notice.number,
            "district": e.notice.district.name,
            "subject": e.notice.subject,
            "deadline": e.deadline.isoformat(),
        }
        for e in NoticeEscalation.objects.filter(
            step=EscalationStep.CIRCULAR, reached_on__gte=start, reached_on__lte=end
        )
        .select_related("notice__district")
        .order_by("notice__district__code", "notice__year", "notice__serial")
    ]


def overdue_by_district(*, today: date, district_id: int | None = None) -> dict[int, dict]:
    """{district id: {"notices": n, "grievances": n}} overdue on the day `today` (the
    notice board's and the grievance list's "overdue" filters, counted), of every district
    or the one given. Two queries."""
    figures: dict[int, dict] = {}
    of_district = Q() if district_id is None else Q(district_id=district_id)
    for key, rows in (
        ("notices", SupervisionNotice.objects.filter(overdue_q(today), of_district)),
        ("grievances", Grievance.objects.filter(grievance_overdue_q(today), of_district)),
    ):
        for district_pk, n in (
            rows.order_by()
            .values("district_id")
            .annotate(n=Count("pk"))
            .values_list("district_id", "n")
        ):
            figures.setdefault(district_pk, {"notices": 0, "grievances": 0})[key] = n
    return figures


def open_notices(*, user, district, today: date, limit: int = 10):
    """The notices a district has to act on that the user reads, overdue first and then by
    deadline, with their overdue flag: a district dashboard's list. One query."""
    return with_overdue(
        SupervisionNotice.objects.for_user(user).filter(
            district=district, status__in=AWAITING_DISTRICT
        ),
        today,
    )[:limit]
