from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from compensation.models import Agreement, AgreementLine, Appraisal
from core.api import serializers as base
from core.api.fields import ScopedPrimaryKeyRelatedField
from households.choices import Mode
from households.models import Household


class AgreementLineSerializer(base.ModelSerializer):
    class Meta:
        model = AgreementLine
        fields = ["item", "basis", "quantity", "unit_price", "amount", "formula", "condition_rate"]


class AgreementSerializer(base.ModelSerializer):
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)
    number = serializers.CharField(source="display_number", read_only=True)
    lines = AgreementLineSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "household",
            "project",
            "number",
            "mode",
            "status",
            "signed_on",
            "effective_on",
            "scheme_version",
            "total",
            "lines",
            "payment_due_on",
            "moving_deadline",
            "swap_area",
            "swap_unit_type",
            "temporary_housing",
            "transition_months",
            "other_terms",
            "void_reason",
        ]
        read_only_fields = fields


class AgreementDraftSerializer(base.ModelSerializer):
    """A draft to compute: the household, the mode and the Art. 25 terms."""

    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all())
    mode = serializers.ChoiceField(choices=Mode.choices)
    planned_sign_on = serializers.DateField(
        required=False, help_text=_("The signing day the figures are computed for (today).")
    )

    class Meta:
        model = Agreement
        fields = [
            "household",
            "mode",
            "planned_sign_on",
            "payment_due_on",
            "moving_deadline",
            "swap_area",
            "swap_unit_type",
            "temporary_housing",
            "transition_months",
            "other_terms",
        ]


class SignSerializer(base.Serializer):
    signed_on = serializers.DateField(required=False, help_text=_("Today when left out."))


class VoidSerializer(base.Serializer):
    reason = serializers.CharField(max_length=500)


class AppraisalSerializer(base.ModelSerializer):
    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all())

    class Meta:
        model = Appraisal
        fields = ["id", "household", "firm", "report_no", "appraised_on", "value", "unit_price"]
