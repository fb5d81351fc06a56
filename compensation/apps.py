from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.autoreload import file_changed
from django.utils.translation import gettext_lazy as _

from accounts.roles import ALL_ROLES, Role, perms

_RECORDS = (
    "compensationscheme",
    "schemeitem",
    "appraisal",
    "agreement",
    "agreementline",
    "workteam",
    "assignment",
    "ledgerentry",
    "payeeaccount",
    "paymentrun",
    "lottery",
    "resettlementunit",
    "selectionsession",
    "allocation",
    "settlementsheet",
)
_READ = perms("compensation", "view", *_RECORDS)
# Those who keep a project's compensation: its district's officials, and city staff.
_KEEP = [
    *_READ,
    *perms("compensation", "add change", *_RECORDS),
    "compensation.review_agreement",
    "compensation.sign_agreement",
    "compensation.void_agreement",
    "compensation.approve_ledgerentry",
    "compensation.reverse_ledgerentry",
    "compensation.approve_paymentrun",
]


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = _("Compensation")

    role_permissions = {
        **{role: _READ for role in ALL_ROLES},
        Role.DISTRICT_OFFICIAL: _KEEP,
        # City staff also approve schemes (a district drafts them).
        Role.CITY_STAFF: [*_KEEP, "compensation.approve_compensationscheme"],
    }

    def ready(self):
        from compensation import formulas
        from compensation.services import agreements_follow_vacating, compensation_follow_project
        from households.signals import vacating_changed
        from projects.signals import project_moved

        project_moved.connect(
            lambda sender, project, **kwargs: compensation_follow_project(project=project),
            weak=False,
            dispatch_uid="compensation.follow_moved_project",
        )
        vacating_changed.connect(
            lambda sender, households, user, **kwargs: agreements_follow_vacating(
                households=households, user=user
            ),
            weak=False,
            dispatch_uid="compensation.follow_vacating",
        )

        # The formula texts kept per language go whenever Django drops its translations.
        setting_changed.connect(formulas.forget_texts)
        file_changed.connect(formulas.forget_texts)
