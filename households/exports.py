"""The household roster as a spreadsheet, with the template's Chinese headers.

ID numbers are masked unless `full_ids` is set, which only
households.services.roster_export_full_ids does, after a reason is given and logged.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.spreadsheets import write_table
from households import crypto
from households.roster import TEMPLATE_HEADERS


def roster_workbook(
    households, *, title_scope: str, full_ids: bool = False, exported: list | None = None
) -> bytes:
    """The workbook; the pk of every household written is appended to `exported` if given."""

    def rows():
        for h in (
            households.select_related("project")
            .order_by("project_id", "code")
            .iterator(chunk_size=2000)
        ):
            if exported is not None:
                exported.append(h.pk)
            id_number = (
                crypto.decrypt(h.id_encrypted) if full_ids and h.id_encrypted else h.id_masked
            )
            yield [
                h.code,
                h.party_name,
                id_number,
                h.phone,
                h.address,
                h.get_land_type_display(),
                h.get_use_display(),
                h.legal_area,
                h.unregistered_area,
                h.roster_people,  # the count the roster declared, written back as declared
                "、".join(h.get_hardship_labels()),
                h.get_intention_display(),
                h.note,
                h.project.name,
                h.get_stage_display(),
            ]

    ids_note = (
        _("full ID numbers: keep safe and destroy after use")
        if full_ids
        else _("ID numbers masked")
    )
    return write_table(
        title=_("Household roster (%(scope)s)") % {"scope": title_scope},
        subtitle=_("Exported on %(day)s, %(note)s")
        % {"day": f"{timezone.localdate():%Y-%m-%d}", "note": ids_note},
        # The roster template's columns (DESIGN.md §6), then the columns the system adds.
        headers=[*TEMPLATE_HEADERS, _("Project"), _("Stage")],
        rows=rows(),
        widths=[12, 12, 20, 14, 30, 10, 10, 12, 14, 10, 16, 10, 20, 30, 10],
    )
