"""The same roster import written with django-import-export, configured as its documentation
advises for large files (bulk writes, cached instance loader, no diff), for the comparison of
DESIGN.md §7. It does the same work per row: the accepted values of §6, the resident-ID checks,
encryption, hash and mask, and history (the triggers fire on its bulk_create too).
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from households import crypto
from households.importers import (
    HARDSHIP_ORDER,
    HARDSHIPS,
    IMPORTED_FIELDS,
    INTENTIONS,
    LAND_TYPES,
    USES,
    cell_text,
)
from households.models import Household


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
        code = fields.Field(attribute="code", column_name="户编号", widget=widgets.CharWidget())
        party_name = fields.Field(
            attribute="party_name", column_name="被征收人", widget=widgets.CharWidget()
        )
        phone = fields.Field(attribute="phone", column_name="联系电话", widget=widgets.CharWidget())
        address = fields.Field(
            attribute="address", column_name="房屋坐落", widget=widgets.CharWidget()
        )
        land_type = fields.Field(
            attribute="land_type", column_name="土地性质", widget=MappedWidget(LAND_TYPES, "state")
        )
        use = fields.Field(
            attribute="use", column_name="房屋用途", widget=MappedWidget(USES, "residential")
        )
        legal_area = fields.Field(
            attribute="legal_area", column_name="合法建筑面积", widget=widgets.DecimalWidget()
        )
        unregistered_area = fields.Field(
            attribute="unregistered_area",
            column_name="未登记建筑面积",
            widget=widgets.DecimalWidget(),
        )
        roster_people = fields.Field(
            attribute="roster_people", column_name="家庭人口", widget=widgets.IntegerWidget()
        )
        hardship_types = fields.Field(
            attribute="hardship_types", column_name="特殊困难类型", widget=HardshipWidget()
        )
        intention = fields.Field(
            attribute="intention",
            column_name="安置意向",
            widget=MappedWidget(INTENTIONS, "undecided"),
        )
        note = fields.Field(attribute="note", column_name="备注", widget=widgets.CharWidget())

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

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            instance.project, instance.district_id = project, project.district_id
            try:
                number = crypto.validate_id_number(cell_text(row["身份证号"]))
            except ValidationError as exc:
                raise ValidationError({"id_hash": exc.messages}) from None
            for name, value in crypto.protect(number).items():
                setattr(instance, name, value)

    return RosterResource()
