"""The project list as a spreadsheet, in the columns a district office would send."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import write_table


def project_list_workbook(projects, *, filter_summary: str) -> bytes:
    headers = [
        _("Project code"),
        _("Project name"),
        _("District"),
        _("Street"),
        _("Plan year"),
        _("Category"),
        _("Demolition type"),
        _("Resettlement mode"),
        _("Planned households"),
        _("Planned units"),
        _("Planned investment (10k yuan)"),
        _("Expropriation status"),
        _("Construction status"),
        _("Lead leader"),
        _("Responsible unit"),
        _("Construction start date"),
    ]
    rows = (
        [
            p.code,
            p.name,
            p.district.name,
            p.street.name if p.street else "",
            p.plan_year,
            p.get_category_display(),
            p.get_demolition_type_display(),
            p.get_resettlement_mode_display(),
            p.planned_households,
            p.planned_units,
            p.planned_investment,
            p.get_expropriation_status_display(),
            p.get_construction_status_display(),
            " ".join(filter(None, [p.lead_leader_name, p.lead_leader_post])),
            p.responsible_unit,
            p.construction_started_on,
        ]
        for p in projects.iterator(chunk_size=2000)
    )
    subtitle = _("Exported %(when)s · %(filters)s") % {
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "filters": filter_summary,
    }
    return write_table(
        title=_("Shantytown redevelopment projects"),
        subtitle=subtitle,
        headers=headers,
        rows=rows,
        widths=[16, 40, 10, 14, 8, 12, 10, 10, 10, 10, 14, 12, 12, 20, 24, 14],
    )
