from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from compensation.choices import EntryKind, SelectionMethod
from compensation.models import (
    Agreement,
    AgreementLine,
    Allocation,
    Appraisal,
    LedgerEntry,
    Lottery,
    ResettlementUnit,
)
from core.api import serializers as base
from core.api.fields import ScopedPrimaryKeyRelatedField
from households.choices import Mode
from households.models import Household
from projects.choices import FundingSource
from projects.models import Project


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


class LedgerEntrySerializer(base.ModelSerializer):
    item = serializers.CharField(source="item_code", read_only=True)
    item_name = serializers.CharField(source="item", read_only=True)
    date = serializers.DateField(source="paid_on", read_only=True)
    payee_account = serializers.CharField(source="payee_account_masked", read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "household",
            "agreement",
            "kind",
            "item",
            "item_name",
            "amount",
            "date",
            "voucher_no",
            "payee_name",
            "payee_bank",
            "payee_account",
            "status",
            "entered_by",
            "approved_by",
            "reverses",
            "reason",
            "funding_source",
            "run",
            "bank_note",
        ]
        read_only_fields = fields


class LedgerEntryEnteredSerializer(LedgerEntrySerializer):
    """An entry just entered, with what its clerk is told (services.entry_warnings)."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_(
            "Why its approval would be refused as things stand, and why it may be a payment "
            "entered twice; the entry is kept either way."
        ),
    )

    class Meta(LedgerEntrySerializer.Meta):
        fields = [*LedgerEntrySerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class LedgerEntryCreateSerializer(base.Serializer):
    """A payment or deposit to enter against an item (its code) of the effective agreement."""

    household = ScopedPrimaryKeyRelatedField(queryset=Household.objects.all())
    item = serializers.CharField(max_length=40)
    kind = serializers.ChoiceField(choices=EntryKind.choices, default=EntryKind.PAYMENT)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    date = serializers.DateField()
    voucher_no = serializers.CharField(max_length=50)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices)
    payee_name = serializers.CharField(max_length=100, required=False, default="")
    payee_bank = serializers.CharField(max_length=100, required=False, default="")
    payee_account = serializers.CharField(max_length=40, required=False, default="")


class ReverseSerializer(base.Serializer):
    reason = serializers.CharField(max_length=500)


class FeeMonthSerializer(base.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    uplift = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class DueItemSerializer(base.Serializer):
    item = serializers.CharField(source="code")
    item_name = serializers.CharField(source="item")
    accruing = serializers.BooleanField()
    due = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    unpaid = serializers.DecimalField(max_digits=14, decimal_places=2)
    in_process = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text=_("Of the unpaid: entered and waiting for approval, or at the bank."),
    )
    outstanding = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        help_text=_("Of the unpaid: held by no entry yet."),
    )
    months = FeeMonthSerializer(many=True)
    waits_for_rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        allow_null=True,
        help_text=_("A reward not yet due: the project's signing rate (%) it waits for."),
    )
    waits_for_vacating = serializers.BooleanField(
        help_text=_("A reward by moving date not yet due: it waits for the household to vacate.")
    )
    vacated_on = serializers.DateField(
        allow_null=True,
        help_text=_("A reward by moving date: the day the household vacated, whose tier it is."),
    )


class StatementSerializer(base.Serializer):
    household = serializers.IntegerField()
    agreement = serializers.IntegerField(allow_null=True)
    on = serializers.DateField()
    items = DueItemSerializer(many=True)


class LotterySerializer(base.ModelSerializer):
    class Meta:
        model = Lottery
        fields = [
            "id",
            "project",
            "number",
            "method",
            "status",
            "households",
            "list_hash",
            "algorithm",
            "seed",
            "seed_source",
            "order",
            "frozen_at",
            "drawn_at",
        ]
        read_only_fields = fields


class LotteryFreezeSerializer(base.Serializer):
    project = ScopedPrimaryKeyRelatedField(queryset=Project.objects.all())
    method = serializers.ChoiceField(choices=SelectionMethod.choices)


class LotteryDrawSerializer(base.Serializer):
    seed = serializers.CharField(max_length=200)
    seed_source = serializers.CharField(max_length=500)


class ResettlementUnitSerializer(base.ModelSerializer):
    site = serializers.IntegerField(source="building.site_id", read_only=True)

    class Meta:
        model = ResettlementUnit
        fields = [
            "id",
            "site",
            "building",
            "unit_no",
            "floor",
            "area",
            "layout",
            "orientation",
            "status",
        ]
        read_only_fields = fields


class AllocationSerializer(base.ModelSerializer):
    class Meta:
        model = Allocation
        fields = ["id", "household", "unit", "session", "allocated_at"]
        read_only_fields = fields
