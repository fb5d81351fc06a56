from decimal import Decimal, InvalidOperation

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.figures import json_percent
from core.models import Region
from core.validators import domain_date, plain_number, text_validators


# Every API serializer: no control characters in any text, dates inside the programme's range,
# the same checks as the pages (core.forms.PageFormMixin). A comment, not a docstring: the
# OpenAPI schema takes a serializer's docstring (inherited ones too) as its description.
class CleanInputMixin:
    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            if field.read_only:
                continue
            if isinstance(field, serializers.CharField):
                field.validators = text_validators(field.validators)
            elif isinstance(field, serializers.DateField):
                field.validators.append(domain_date)
            elif isinstance(field, serializers.DecimalField):
                field.to_internal_value = _read_as_typed(field.to_internal_value)
        return fields


def _read_as_typed(to_internal_value):
    """A decimal field's reading, the number first checked as it was sent: DRF rounds it
    before any validator runs, and "1e5" became 100000.00 where the pages refuse it."""

    def read(data):
        try:
            typed = data if isinstance(data, Decimal) else Decimal(str(data).strip())
        except (InvalidOperation, ValueError):
            typed = None  # not a number: the field says so
        plain_number(typed)
        return to_internal_value(data)

    return read


def version_field():
    """The `version` every update must send back (the one it read): 400 when missing, 409
    when someone saved meanwhile (core.versions.check_version)."""
    return serializers.IntegerField(
        required=False,
        help_text="The version you read; required to update, a stale one is refused (409).",
    )


class Serializer(CleanInputMixin, serializers.Serializer):
    pass


class ModelSerializer(CleanInputMixin, serializers.ModelSerializer):
    pass


class RegionSerializer(ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent", "is_development_zone"]


@extend_schema_field({"type": "number", "nullable": True, "example": 87.5})
class PercentField(serializers.ReadOnlyField):
    """A percentage as JSON carries it (DESIGN.md §5): a number in percent, null for x/0."""

    def to_representation(self, value):
        return json_percent(value)
