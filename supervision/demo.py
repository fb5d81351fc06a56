"""Demo supervision notices (seed_demo): one in every status across the year — closed ones
answered on time, late or after a return, an extension granted and one refused, overdue ones
escalated step by step by the same service the daily task runs, a pending extension, a
notice waiting for sign-off and one for issue.

The demo writes each notice's record directly with its past dates (the services stamp today);
numbers follow the sign-off order per year, the printed notices are made as on issue, by a
helper process while the seed goes on (store_printed_notices keeps them when they are back).
"""

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from supervision import services
from supervision.choices import EventKind, ExtensionStatus, GrievanceStatus, NoticeStatus
from supervision.documents import image_thumbnail, notice_html
from supervision.grievances import acceptance_deadline
from supervision.models import (
    Decision,
    Finding,
    Grievance,
    GrievanceStep,
    Inspection,
    Meeting,
    NoticeEvent,
    NoticeEvidence,
    NoticeExtension,
    SupervisionNotice,
)

TOPICS = [
    (
        "签约进度滞后",
        "截至本月中旬，{project}签约率低于年度计划进度，部分被征收户诉求长期未化解。",
        "成立攻坚专班，逐户分析未签约原因，倒排工期，书面反馈整改措施和完成时限。",
    ),
    (
        "安置房建设未按期开工",
        "{project}配套安置房项目未按计划节点开工，施工许可手续办理滞后。",
        "加快办理施工许可，落实施工单位进场，开工后附现场照片反馈。",
    ),
    (
        "征收补偿款拨付不及时",
        "{project}已签约户补偿款未按协议约定期限足额支付，群众反映强烈。",
        "核实资金缺口，落实资金来源，按协议约定期限足额拨付并反馈拨付凭证。",
    ),
    (
        "停工项目复工滞后",
        "{project}在建工程停工逾月，复工日报连续未报送。",
        "查明停工原因，制定复工方案，恢复复工日报报送。",
    ),
    (
        "过渡费发放不规范",
        "{project}部分产权调换户临时安置费发放标准不一、发放不及时。",
        "统一发放标准，补发应发未发的临时安置费，反馈发放台账。",
    ),
    (
        "群众信访问题化解不力",
        "{project}被征收户反映的评估结果异议问题未及时答复。",
        "组织复核，依法依规答复当事人，反馈处理结果。",
    ),
]


@dataclass
class Plan:
    """One demo notice: how many days ago it was drafted and how far its life got."""

    drafted_ago: int
    status: str
    answer_days: int = 10  # deadline: days after issue
    late_by: int = 0  # answered this many days after the deadline
    returned: bool = False
    extension: str = ""  # "granted", "refused" or "requested"
    level: str = "general"
    interview_held: bool = False
    extra: dict = field(default_factory=dict)


PLANS = [
    Plan(300, NoticeStatus.CLOSED, level="key"),
    Plan(260, NoticeStatus.CLOSED, returned=True),
    Plan(225, NoticeStatus.CLOSED, extension="granted", level="key"),
    Plan(190, NoticeStatus.CLOSED, late_by=4),
    Plan(150, NoticeStatus.CLOSED, level="listed"),
    Plan(120, NoticeStatus.CLOSED, extension="refused"),
    Plan(90, NoticeStatus.CLOSED),
    Plan(60, NoticeStatus.CLOSED, level="key"),
    Plan(40, NoticeStatus.RESPONDED),
    Plan(33, NoticeStatus.RETURNED, answer_days=7),
    Plan(30, NoticeStatus.ISSUED, answer_days=7, level="listed"),  # long overdue: 通报
    Plan(21, NoticeStatus.ACKNOWLEDGED, answer_days=7, interview_held=True, level="key"),
    Plan(14, NoticeStatus.ACKNOWLEDGED, answer_days=10, extension="requested"),
    Plan(11, NoticeStatus.ISSUED, answer_days=5),  # a few days late: 催办
    Plan(5, NoticeStatus.ISSUED, answer_days=10, level="key"),
    Plan(3, NoticeStatus.SIGNED_OFF),
    Plan(1, NoticeStatus.DRAFT, level="key"),
    Plan(0, NoticeStatus.DRAFT),
]
ORDER = [
    NoticeStatus.DRAFT,
    NoticeStatus.SIGNED_OFF,
    NoticeStatus.ISSUED,
    NoticeStatus.ACKNOWLEDGED,
    NoticeStatus.RESPONDED,
    NoticeStatus.RETURNED,
    NoticeStatus.CLOSED,
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, _minute(day, hour))))


def _minute(day: date, hour: int) -> int:
    return (day.toordinal() * 7 + hour * 13) % 60


def _photo(rng: random.Random) -> bytes:
    """A site photo stand-in: a sky, a building under construction, scaffolding."""
    image = Image.new("RGB", (960, 720), (170, 200, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 560, 960, 720], fill=(120, 110, 95))
    left = rng.randint(120, 360)
    draw.rectangle([left, 180, left + 420, 560], fill=(200, 195, 185))
    for x in range(left, left + 421, 42):
        draw.line([x, 170, x, 560], fill=(90, 90, 90), width=3)
    for y in range(180, 561, 38):
        draw.line([left - 10, y, left + 430, y], fill=(90, 90, 90), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def seed_notices(
    *, districts, projects, users, reporters, today: date, rng: random.Random, printer
) -> list[tuple[SupervisionNotice, int | None]]:
    """Every notice of PLANS, each with its place among the `printer`'s results
    (core.bulk.InHelperProcess of core.pdf.pdf_from_html) if it was printed on issue."""
    staff, leader = users["city_staff"], users["bureau_leader"]
    by_district = {}
    for project in projects:
        by_district.setdefault(project.district_id, []).append(project)
    districts = sorted(districts, key=lambda d: d.code)
    made, serials = [], {}
    for n, plan in enumerate(PLANS):
        district = districts[n % len(districts)]
        project = rng.choice(by_district[district.pk])
        made.append(
            _write(
                plan,
                district=district,
                project=project,
                topic=TOPICS[n % len(TOPICS)],
                people=(staff, leader, reporters[district.pk]),
                today=today,
                rng=rng,
                serials=serials,
                printer=printer,
            )
        )
    # Escalation as the daily task would have run it, day by day over the last weeks.
    start = today - timedelta(days=max(p.drafted_ago for p in PLANS if p.status in ORDER[2:6]))
    day = start
    while day <= today:
        services.notices_escalate(today=day)
        day += timedelta(days=1)
    for (notice, _printed), plan in zip(made, PLANS, strict=True):
        if plan.interview_held:
            _hold_interview(notice, staff, today)
    return made


def store_printed_notices(made: list[tuple[SupervisionNotice, int | None]], pdfs: list) -> None:
    """The printed notices kept with their records, once the printer has made them."""
    printed = [(notice, place) for notice, place in made if place is not None]
    for notice, place in printed:
        notice.document.save(f"demo-{notice.pk}.pdf", ContentFile(pdfs[place]), save=False)
    SupervisionNotice.objects.bulk_update([notice for notice, _place in printed], ["document"])


def _write(
    plan, *, district, project, topic, people, today, rng, serials, printer
) -> tuple[SupervisionNotice, int | None]:
    """The notice as far as its plan goes, each step on its day by the person who took it."""
    subject, problem, requirement = topic
    staff, leader, official = people
    reached = ORDER.index(plan.status)
    drafted = today - timedelta(days=plan.drafted_ago)
    issued = drafted + timedelta(days=2)
    deadline = issued + timedelta(days=plan.answer_days)
    if reached < 2:
        deadline = today + timedelta(days=plan.answer_days)
    signed_off = drafted + timedelta(days=1)
    numbered = {}
    if reached >= 1:  # numbers in sign-off order within each year, as the service gives them
        serials[signed_off.year] = serials.get(signed_off.year, 0) + 1
        numbered = {"year": signed_off.year, "serial": serials[signed_off.year]}
    notice = SupervisionNotice.objects.create(
        **numbered,
        district=district,
        subject=f"{project.name}{subject}",
        problem=problem.format(project=project.name),
        requirement=requirement,
        deadline=deadline,
        level=plan.level,
        status=plan.status,
        created_by=staff,
        created_at=_at(drafted, 9),
    )
    notice.projects.set([project])
    # Printed as it went out: before an extension or a return moved its deadline.
    printed = printer.add(notice_html(notice, issued_on=issued)) if reached >= 2 else None
    steps = [(EventKind.DRAFTED, staff, drafted, 9, "", None)]
    if reached >= 1:
        notice.signed_off_by, notice.signed_off_at = leader, _at(signed_off, 10)
        steps.append((EventKind.SIGNED_OFF, leader, signed_off, 10, notice.number, None))
    if reached >= 2:
        notice.issued_on = issued
        steps.append((EventKind.ISSUED, staff, issued, 9, "", deadline))
    if reached >= 3:
        steps.append((EventKind.ACKNOWLEDGED, official, issued + timedelta(days=1), 8, "", None))
    if plan.extension:
        asked = issued + timedelta(days=3)
        wanted = deadline + timedelta(days=10)
        reason = "涉及司法程序及多户产权争议，需延长办理时限。"
        extension = NoticeExtension.objects.create(
            notice=notice,
            requested_deadline=wanted,
            reason=reason,
            requested_by=official,
            requested_at=_at(asked, 15),
            status=plan.extension,
        )
        steps.append((EventKind.EXTENSION_REQUESTED, official, asked, 15, reason, wanted))
        if plan.extension != ExtensionStatus.REQUESTED:
            decided = asked + timedelta(days=1)
            granted = plan.extension == ExtensionStatus.GRANTED
            note = "" if granted else "理由不充分，请按原期限办理。"
            extension.decided_by, extension.decided_at = leader, _at(decided, 11)
            extension.decision_note = note
            extension.save()
            steps.append(
                (
                    EventKind.EXTENSION_GRANTED if granted else EventKind.EXTENSION_REFUSED,
                    leader,
                    decided,
                    11,
                    note,
                    wanted if granted else None,
                )
            )
            if granted:
                deadline = notice.deadline = wanted
    answered = deadline - timedelta(days=2) + timedelta(days=plan.late_by)
    if plan.returned or plan.status == NoticeStatus.RETURNED:
        answered = min(answered, today - timedelta(days=12))
    responses = []
    if reached >= 4:
        responses.append(answered)
        steps.append(
            (EventKind.RESPONDED, official, answered, 16, "已按要求完成整改，附现场照片。", None)
        )
    if plan.returned or plan.status == NoticeStatus.RETURNED:
        back = answered + timedelta(days=2)
        new_deadline = (
            today + timedelta(days=6)
            if plan.status == NoticeStatus.RETURNED
            else back + timedelta(days=7)
        )
        steps.append(
            (
                EventKind.RETURNED,
                staff,
                back,
                10,
                "反馈未附入户台账，请补充后重新反馈。",
                new_deadline,
            )
        )
        notice.deadline = new_deadline
        if plan.status == NoticeStatus.CLOSED:
            again = back + timedelta(days=4)
            responses.append(again)
            steps.append((EventKind.RESPONDED, official, again, 16, "已补充入户台账。", None))
    if plan.status == NoticeStatus.CLOSED:
        closed = max(responses) + timedelta(days=2)
        notice.closed_on = closed
        steps.append((EventKind.CLOSED, staff, closed, 10, "经核查，整改到位，予以销号。", None))
    notice.save()
    for kind, by, day, hour, text, step_deadline in steps:
        event = NoticeEvent.objects.create(
            notice=notice, kind=kind, by=by, at=_at(day, hour), text=text, deadline=step_deadline
        )
        if kind == EventKind.RESPONDED:
            _attach_photo(notice, event, official, rng)
    return notice, printed


def _attach_photo(notice, event, official, rng) -> None:
    content = _photo(rng)
    evidence = NoticeEvidence(
        notice=notice,
        event=event,
        original_name="整改现场照片.jpg",
        content_type="image/jpeg",
        size=len(content),
        uploaded_by=official,
        uploaded_at=event.at,
    )
    evidence.file.save(f"demo-{event.pk}.jpg", ContentFile(content), save=False)
    upload = ContentFile(content, name="photo.jpg")
    evidence.thumbnail.save(
        f"demo-{event.pk}-thumb.jpg", ContentFile(image_thumbnail(upload)), save=False
    )
    evidence.save()


def _hold_interview(notice, staff, today) -> None:
    escalation = notice.escalations.filter(step="interview").first()
    if escalation is None:
        return
    held_on = min(escalation.reached_on + timedelta(days=2), today)
    escalation.held_on, escalation.recorded_by = held_on, staff
    escalation.outcome = "约谈区分管副区长，区政府表态三日内完成整改并书面反馈。"
    escalation.save()
    NoticeEvent.objects.create(
        notice=notice,
        kind=EventKind.INTERVIEW_HELD,
        by=staff,
        at=_at(held_on, 15),
        text=f"{held_on.isoformat()} {escalation.outcome}",
    )


GRIEVANCE_TEXTS = [
    ("payment", "补偿款至今未到账，协议约定的支付期限已过。"),
    ("transition", "过渡费已有两个月未发放。"),
    ("compensation", "对评估结果有异议，认为装修补偿偏低。"),
    ("construction", "夜间施工噪音扰民，影响休息。"),
    ("resettlement", "安置房交房时间一再推迟，希望明确交房日期。"),
    ("procedure", "征收补偿方案未在社区公示栏张贴。"),
]
SATISFACTION = ["satisfied", "satisfied", "basically", "unsatisfied", "unreachable"]


def seed_grievances(*, projects, reporters, today: date, rng: random.Random) -> int:
    """Grievances across the year, one every twelve days or so: hotline tickets answered on
    time and late, anonymous ones, some not accepted, the recent ones still under way."""
    made = 0
    for n in range(26):
        project = rng.choice(projects)
        official = reporters[project.district_id]
        # The second one waits undecided past its 15 days: overdue.
        registered = today - timedelta(days=20 if n == 1 else 3 + n * 12)
        channel = ["hotline", "visit", "phone", "hotline", "letter", "meeting"][n % 6]
        anonymous = n % 5 == 2
        category, content = GRIEVANCE_TEXTS[n % len(GRIEVANCE_TEXTS)]
        ticket_deadline = registered + timedelta(days=15) if channel == "hotline" else None
        grievance = Grievance(
            district_id=project.district_id,
            project=project,
            channel=channel,
            ticket_no=f"GD{registered:%Y%m%d}-{100 + n}" if channel == "hotline" else "",
            ticket_deadline=ticket_deadline,
            anonymous=anonymous,
            name="" if anonymous else f"{rng.choice('王李张刘陈杨赵黄周吴')}先生",
            phone="" if anonymous else f"139{rng.randrange(10**8):08d}",
            category=category,
            content=content,
            registered_on=registered,
            accept_by=acceptance_deadline(registered, ticket_deadline),
            created_by=official,
            created_at=_at(registered, 10),
        )
        steps = [(GrievanceStatus.REGISTERED, registered, "")]
        late = n in (4, 9)  # handled past the deadline
        if n == 1:
            pass
        elif n % 7 == 6:
            grievance.status = GrievanceStatus.NOT_ACCEPTED
            grievance.not_accepted_reason = "诉求事项已依法作出处理决定，不属于信访受理范围。"
            steps.append((GrievanceStatus.NOT_ACCEPTED, registered + timedelta(days=5), ""))
        elif n >= 1:
            accepted = registered + timedelta(days=2)
            grievance.accepted_on = accepted
            grievance.handle_by = grievance.ticket_deadline or accepted + timedelta(days=60)
            grievance.status = GrievanceStatus.ACCEPTED
            steps.append((GrievanceStatus.ACCEPTED, accepted, ""))
            investigated = accepted + timedelta(days=5)
            if investigated <= today and n >= 3:
                grievance.findings = "经现场核实，情况属实。"
                grievance.root_cause = "资金拨付流程衔接不畅。"
                grievance.status = GrievanceStatus.INVESTIGATED
                steps.append((GrievanceStatus.INVESTIGATED, investigated, grievance.findings))
            span = (grievance.handle_by - accepted).days
            resolved = (
                grievance.handle_by + timedelta(days=5)
                if late
                else accepted + timedelta(days=min(span - 1, 10 + n % 9))
            )
            if resolved <= today - timedelta(days=3) and n >= 4:
                grievance.reply = "已协调相关部门落实，并向诉求人当面答复。"
                grievance.resolved_on = resolved
                grievance.status = GrievanceStatus.RESOLVED
                steps.append((GrievanceStatus.RESOLVED, resolved, grievance.reply))
                if n >= 6:
                    grievance.satisfaction = SATISFACTION[n % len(SATISFACTION)]
                    grievance.closed_on = resolved + timedelta(days=3)
                    grievance.status = GrievanceStatus.CLOSED
                    steps.append(
                        (
                            GrievanceStatus.CLOSED,
                            grievance.closed_on,
                            grievance.get_satisfaction_display(),
                        )
                    )
        grievance.save()
        GrievanceStep.objects.bulk_create(
            GrievanceStep(grievance=grievance, kind=kind, by=official, at=_at(day, 11), text=text)
            for kind, day, text in steps
        )
        made += 1
    return made


def seed_inspections_and_meetings(*, projects, users, today: date, rng: random.Random) -> tuple:
    """Monthly dispatch meetings of the year with their decisions, and an inspection every
    month visiting a few projects; some findings and decisions became the demo's notices."""
    staff = users["city_staff"]
    by_district = {}
    for project in projects:
        by_district.setdefault(project.district_id, []).append(project)
    inspections, meetings = 0, 0
    notices = list(SupervisionNotice.objects.exclude(status=NoticeStatus.DRAFT).order_by("serial"))
    for month in range(1, today.month + 1):
        held = date(today.year, month, 10)
        if held > today:
            break
        meeting = Meeting.objects.create(
            held_on=held,
            host="分管副市长",
            subject=f"{month}月全市棚改工作调度会",
            attendees="市住建局、市财政局、各区县分管负责人",
            created_by=staff,
        )
        meetings += 1
        districts = sorted(by_district)
        for k in range(2):
            district_id = districts[(month + k) % len(districts)]
            Decision.objects.create(
                meeting=meeting,
                text=[
                    "本月底前完成未签约户入户攻坚。",
                    "加快安置房项目施工许可办理，确保按节点开工。",
                ][k],
                owner="区人民政府",
                district_id=district_id,
                deadline=held + timedelta(days=20),
            )
        visit = held + timedelta(days=8)
        if visit > today:
            continue
        visited = rng.sample(projects, 3)
        inspection = Inspection.objects.create(
            inspected_on=visit,
            inspectors="市住建局督导组（张伟、李娜）",
            summary="现场查看项目进展，听取项目指挥部汇报。",
            created_by=staff,
        )
        inspection.projects.set(visited)
        inspections += 1
        for project in visited[:2]:
            Finding.objects.create(
                inspection=inspection,
                project=project,
                text=rng.choice(
                    [
                        "施工现场扬尘防治措施不到位。",
                        "项目公示栏未公示补偿安置方案。",
                        "已腾空房屋未及时拆除，存在安全隐患。",
                    ]
                ),
            )
    # Where a notice's project was found wanting, the notice came from that finding; the
    # first decision of a month led to another.
    for notice in notices[:12:3]:
        project = notice.projects.first()
        finding = Finding.objects.filter(project=project).first() if project else None
        if finding is None:
            inspection = Inspection.objects.filter(
                inspected_on__lte=notice.created_at.date()
            ).first()
            if inspection is None or project is None:
                continue
            inspection.projects.add(project)
            finding = Finding.objects.create(
                inspection=inspection, project=project, text=notice.problem
            )
        SupervisionNotice.objects.filter(pk=notice.pk).update(finding=finding)
    decision = Decision.objects.order_by("meeting__held_on").first()
    if decision and len(notices) > 1:
        SupervisionNotice.objects.filter(pk=notices[1].pk).update(decision=decision)
    grievance = (
        Grievance.objects.filter(status=GrievanceStatus.CLOSED).order_by("registered_on").first()
    )
    if grievance and len(notices) > 2:
        SupervisionNotice.objects.filter(pk=notices[2].pk).update(grievance=grievance)
    return inspections, meetings
