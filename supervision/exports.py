"""The grievance register as a workbook, as filtered on its page; an anonymous grievance
names nobody here either."""

from django.utils.translation import gettext as _

from core.spreadsheets import write_table


def grievance_workbook(grievances, *, filter_summary: str) -> bytes:
    headers = [
        _("Registered on"),
        _("Channel"),
        _("Hotline ticket number"),
        _("District"),
        _("Project"),
        _("Resident"),
        _("Phone"),
        _("Grievance category"),
        _("Content"),
        _("Status"),
        _("Deadline"),
        _("Resolved on"),
        _("Root cause"),
        _("Resident's satisfaction"),
    ]
    anonymous = _("Anonymous")
    rows = (
        [
            g.registered_on,
            g.get_channel_display(),
            g.ticket_no,
            g.district.name,
            g.project.name,
            anonymous if g.anonymous else g.name,
            "" if g.anonymous else g.phone,
            g.get_category_display(),
            g.content,
            g.get_status_display(),
            g.deadline,
            g.resolved_on,
            g.root_cause,
            g.get_satisfaction_display(),
        ]
        for g in grievances
    )
    return write_table(
        title=_("Grievance register"),
        subtitle=filter_summary,
        headers=headers,
        rows=rows,
        widths=[12, 10, 18, 10, 28, 10, 14, 16, 40, 10, 12, 12, 30, 12],
    )
