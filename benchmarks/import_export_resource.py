"""The same roster import written with django-import-export, configured as its documentation
advises for large files (bulk writes, cached instance loader, no diff), for the comparison of
DESIGN.md §7. It does the same checks and the same work per row: the accepted values of §6,
empty, over-long and control-character text, the area and people ranges, the resident-ID
checks, encryption, hash and mask, codes and ID numbers repeated within the file, numbers
already registered on another household (looked up before, flags refreshed after), and history
(the triggers fire on its bulk_create too). Not the same: it reads the file through tablib
and writes no head member (the importer writes one for each new household).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from core.validators import no_control_characters
from households import crypto, services
from households.importers import (
    HARDSHIP_ORDER,
    HARDSHIPS,
    IMPORTED_FIELDS,
    INTENTIONS,
    LAND_TYPES,
    MAX_LENGTHS,
    USES,
    cell_text,
)
from households.models import MAX_AREA, MAX_ROSTER_PEOPLE, MIN_ROSTER_PEOPLE, Household


class TextWidget(widgets.CharWidget):
    """Text as the importer takes it: required where it must be, within the column's length,
    without control characters."""

    def __init__(self, name, required=False):
        super().__init__()
        self.limit, self.required = MAX_LENGTHS[name], required

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if self.required and not text:
            raise ValueError("不能为空")
        if len(text) > self.limit:
            raise ValueError(f"最多 {self.limit} 个字")
        no_control_characters(text)
        return text


class AreaWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        area = super().clean(value, row, **kwargs)
        if area is None:
            return Decimal("0")
        if not area.is_finite() or not 0 <= area <= MAX_AREA:
            raise ValueError(f"面积应在 0 到 {MAX_AREA} 平方米之间")
        return area.quantize(Decimal("0.01"))


class PeopleWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        people = super().clean(value, row, **kwargs)
        if people is not None and not MIN_ROSTER_PEOPLE <= people <= MAX_ROSTER_PEOPLE:
            raise ValueError(f"家庭人口应为 {MIN_ROSTER_PEOPLE} 到 {MAX_ROSTER_PEOPLE} 的整数")
        return people


class MappedWidget(widgets.Widget):
    """A roster word (国有, 住宅, 货币补偿 …) to the stored value."""

    def __init__(self, mapping, default):
        super().__init__()
        self.mapping, self.default = mapping, default

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return self.default
        if text not in self.mapping:
            raise ValueError(f"“{text}”不是可接受的值")
        return self.mapping[text]


class HardshipWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        parts = [
            p for p in cell_text(value).replace("，", "、").replace(",", "、").split("、") if p
        ]
        unknown = [p for p in parts if p not in HARDSHIPS]
        if unknown:
            raise ValueError(f"“{unknown[0]}”不是特殊困难类型")
        return sorted({HARDSHIPS[p] for p in parts}, key=HARDSHIP_ORDER.index)


def roster_resource(project):
    """A resource importing into `project`, matching households by code."""

    class RosterResource(resources.ModelResource):
        code = fields.Field(
            attribute="code", column_name="户编号", widget=TextWidget("code", required=True)
        )
        party_name = fields.Field(
            attribute="party_name",
            column_name="被征收人",
            widget=TextWidget("party_name", required=True),
        )
        phone = fields.Field(attribute="phone", column_name="联系电话", widget=TextWidget("phone"))
        address = fields.Field(
            attribute="address", column_name="房屋坐落", widget=TextWidget("address")
        )
        land_type = fields.Field(
            attribute="land_type", column_name="土地性质", widget=MappedWidget(LAND_TYPES, "state")
        )
        use = fields.Field(
            attribute="use", column_name="房屋用途", widget=MappedWidget(USES, "residential")
        )
        legal_area = fields.Field(
            attribute="legal_area", column_name="合法建筑面积", widget=AreaWidget()
        )
        unregistered_area = fields.Field(
            attribute="unregistered_area", column_name="未登记建筑面积", widget=AreaWidget()
        )
        roster_people = fields.Field(
            attribute="roster_people", column_name="家庭人口", widget=PeopleWidget()
        )
        hardship_types = fields.Field(
            attribute="hardship_types", column_name="特殊困难类型", widget=HardshipWidget()
        )
        intention = fields.Field(
            attribute="intention",
            column_name="安置意向",
            widget=MappedWidget(INTENTIONS, "undecided"),
        )
        note = fields.Field(attribute="note", column_name="备注", widget=TextWidget("note"))

        class Meta:
            model = Household
            fields = ["code", *IMPORTED_FIELDS]
            import_id_fields = ["code"]
            instance_loader_class = CachedInstanceLoader
            use_bulk = True
            batch_size = 2000
            skip_diff = True

        def get_queryset(self):
            return Household.objects.filter(project=project)

        def before_import(self, dataset, **kwargs):
            """The file-wide checks: a code or an ID number on two rows, and numbers already
            registered on another household (the importer's warning)."""
            super().before_import(dataset, **kwargs)
            numbers = [crypto.normalise(cell_text(n)) for n in dataset["身份证号"]]
            self.hashes = {crypto.search_hash(n) for n in numbers if n}
            for label, values in (
                ("户编号", [cell_text(c) for c in dataset["户编号"]]),
                ("身份证号", numbers),
            ):
                rows_of: dict = {}
                for row, value in enumerate(values, start=2):  # row 1: the header
                    if value:
                        rows_of.setdefault(value, []).append(row)
                repeated = [rows for rows in rows_of.values() if len(rows) > 1]
                if repeated:
                    raise ValidationError(f"{label}在第 {repeated[0]} 行重复")
            # What the importer warns of; the library has no warnings to show them in.
            self.registered_elsewhere = services.households_carrying(self.hashes)

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.project, instance.district_id = project, project.district_id
            try:
                number = crypto.validate_id_number(cell_text(row["身份证号"]))
            except ValidationError as exc:
                raise ValidationError({"id_hash": exc.messages}) from None
            for name, value in crypto.protect(number).items():
                setattr(instance, name, value)

        def after_import(self, dataset, result, **kwargs):
            super().after_import(dataset, result, **kwargs)
            services.refresh_duplicate_flags(self.hashes)

    return RosterResource()
