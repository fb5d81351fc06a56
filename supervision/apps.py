from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms

_RECORDS = (
    "supervisionnotice",
    "noticeevent",
    "noticeevidence",
    "noticeextension",
    "noticeescalation",
    "grievance",
    "grievancestep",
    "inspection",
    "finding",
    "meeting",
    "decision",
)
_READ = perms("supervision", "view", *_RECORDS)
# District offices and city staff register and handle residents' grievances.
_GRIEVANCES = perms("supervision", "add change", "grievance")


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    role_permissions = {
        **{role: _READ for role in ALL_ROLES},
        # City staff draft, issue, close out or return notices and record interviews.
        Role.CITY_STAFF: [
            *_READ,
            *perms("supervision", "add change", "supervisionnotice", "noticeescalation"),
            "supervision.issue_supervisionnotice",
            "supervision.close_supervisionnotice",
            *_GRIEVANCES,
            *perms("supervision", "add change", "inspection", "finding", "meeting", "decision"),
        ],
        # A bureau leader signs notices off and decides on extensions.
        Role.BUREAU_LEADER: [
            *_READ,
            "supervision.sign_off_supervisionnotice",
            "supervision.decide_extension",
        ],
        # A district acknowledges, responds with evidence and may ask for more time.
        Role.DISTRICT_OFFICIAL: [*_READ, "supervision.answer_supervisionnotice", *_GRIEVANCES],
        Role.ADMIN: [*_READ, *perms("supervision", "view change", "escalationpolicy")],
    }
