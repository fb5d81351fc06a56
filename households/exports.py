"""The household roster as a spreadsheet, with the template's Chinese headers and masked IDs.

Full numbers are never exported here: revealing them is a logged, per-record act.
"""

from django.db.models import Count
from django.utils import timezone

from reports.spreadsheets import write_table

# The roster template's columns (DESIGN.md §6), then the columns the system adds.
HEADERS = ["户编号", "被征收人", "身份证号", "联系电话", "房屋坐落", "土地性质", "房屋用途", "合法建筑面积",
           "未登记建筑面积", "家庭人口", "特殊困难类型", "安置意向", "备注", "项目", "进度"]


def roster_workbook(households, *, title_scope: str) -> bytes:
    rows = (
        [h.code, h.party_name, h.id_masked, h.phone, h.address, h.get_land_type_display(),
         h.get_use_display(), h.legal_area, h.unregistered_area, h.people or h.roster_people,
         "、".join(h.get_hardship_labels()),
         h.get_intention_display(), h.note, h.project.name, h.get_stage_display()]
        for h in households.select_related("project").annotate(people=Count("members")).order_by("project_id", "code")
        .iterator(chunk_size=2000)
    )
    return write_table(
        title=f"被征收户台账（{title_scope}）", subtitle=f"导出日期 {timezone.localdate():%Y-%m-%d}，身份证号已脱敏",
        headers=HEADERS, rows=rows, widths=[12, 12, 20, 14, 30, 10, 10, 12, 14, 10, 16, 10, 20, 30, 10],
    )
