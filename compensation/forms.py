from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from compensation.choices import EntryKind, SelectionMethod
from compensation.models import (
    Agreement,
    Appraisal,
    CompensationScheme,
    ResettlementUnit,
    SchemeItem,
    WorkTeam,
)
from core.forms import PageFormMixin, SentOnceMixin, VersionedFormMixin
from households.choices import Hardship, Mode
from households.models import Household
from projects.choices import FundingSource
from projects.models import Project, ResettlementBuilding


class ReadableMixin:
    """The form's record as read when it can no longer be changed: (label, value) pairs,
    choices by their names and lists joined."""

    def as_read(self) -> list[tuple[str, object]]:
        rows = []
        for name, field in self.fields.items():
            if field.widget.is_hidden:  # the version the form was opened on
                continue
            value = getattr(self.instance, name)
            if self.instance._meta.get_field(name).choices:
                value = getattr(self.instance, f"get_{name}_display")()
            elif isinstance(value, list):
                value = "、".join(str(item) for item in value)
            elif isinstance(value, Decimal):  # grouped, as every figure on the pages is
                value = f"{value:,}"
            rows.append((field.label, value))
        return rows


class SchemeForm(ReadableMixin, PageFormMixin, forms.ModelForm):
    class Meta:
        model = CompensationScheme
        fields = [
            "name",
            "document_number",
            "appraisal_base_date",
            "transition_months",
            "overdue_uplifts",
            "settlement_added_area",
            "settlement_cost_price",
            "settlement_market_price",
            "settlement_entitled_price",
            "settlement_free_area",
            "settlement_round_up",
        ]
        widgets = {"appraisal_base_date": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The saved state the form was opened on (a scheme's `version` is its number).
        self.fields["edits"] = forms.IntegerField(
            widget=forms.HiddenInput(), required=False, initial=self.instance.edits
        )


class SchemeItemForm(VersionedFormMixin, PageFormMixin, forms.ModelForm):
    """One item: its formula kind and the numbers that kind reads (the others stay empty)."""

    class Meta:
        model = SchemeItem
        fields = [
            "order",
            "code",
            "name",
            "kind",
            "applies_to",
            "area_class",
            "fraction",
            "use_appraisal",
            "unit_price",
            "area_per_person",
            "amount",
            "percent",
            "of_item",
            "months_monetary",
            "months_swap",
            "hardship_types",
            "min_area",
            "tiers",
            "grace_days",
            "daily_step",
            "daily_limit",
            "rate_level",
            "floor",
            "times_monetary",
            "times_swap",
            "forfeit_after_period",
        ]
        widgets = {"tiers": forms.Textarea(attrs={"rows": 2})}

    # A list of hardship types, ticked one by one (the array's own field is comma text).
    hardship_types = forms.MultipleChoiceField(
        label=SchemeItem._meta.get_field("hardship_types").verbose_name,
        choices=Hardship.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class AppraisalForm(SentOnceMixin, PageFormMixin, forms.ModelForm):
    class Meta:
        model = Appraisal
        fields = ["firm", "report_no", "appraised_on", "value", "unit_price"]
        widgets = {"appraised_on": forms.DateInput()}


_TERM_FIELDS = [
    "planned_sign_on",
    "payment_due_on",
    "moving_deadline",
    "swap_area",
    "swap_unit_type",
    "temporary_housing",
    "transition_months",
    "other_terms",
]
_DATES = {
    name: forms.DateInput() for name in ("planned_sign_on", "payment_due_on", "moving_deadline")
}


# Terms of a property swap alone: a monetary agreement's temporary fee runs the scheme's months.
SWAP_ONLY = ("swap_area", "swap_unit_type", "transition_months")


class AgreementDraftForm(PageFormMixin, forms.ModelForm):
    SWAP_ONLY = SWAP_ONLY

    class Meta:
        model = Agreement
        fields = ["mode", *_TERM_FIELDS]
        widgets = {**_DATES, "other_terms": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_sign_on"].required = False
        self.fields["mode"].choices = Mode.choices


class AgreementTermsForm(ReadableMixin, VersionedFormMixin, PageFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = _TERM_FIELDS
        widgets = {**_DATES, "other_terms": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.mode != Mode.SWAP:  # shown, they read as terms that count
            for name in SWAP_ONLY:
                del self.fields[name]


class SignForm(PageFormMixin, forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput())


class VoidForm(PageFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for voiding"), max_length=500)


class WorkTeamForm(PageFormMixin, forms.ModelForm):
    class Meta:
        model = WorkTeam
        fields = ["name", "leader"]


class AssignForm(PageFormMixin, forms.Form):
    """包户 in bulk: the households ticked on the campaign page to one team and official."""

    households = forms.ModelMultipleChoiceField(
        label=_("Households"), queryset=Household.objects.none()
    )
    team = forms.ModelChoiceField(label=_("Work team"), queryset=WorkTeam.objects.none())
    official = forms.CharField(label=_("Responsible official"), max_length=50)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = Household.objects.filter(project=project)
        self.fields["team"].queryset = WorkTeam.objects.filter(project=project)


class AppraisalImportForm(PageFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    file = forms.FileField(
        label=_("Appraisal file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_user(user).order_by("code")


# Asked, never assumed: a payment left on the first source was booked to the wrong money.
FUNDING_CHOICES = [("", _("Choose the funding source")), *FundingSource.choices]


class EntryForm(SentOnceMixin, PageFormMixin, forms.Form):
    """A payment or deposit against one item of the household's effective agreement."""

    item_code = forms.ChoiceField(label=_("Item"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("Date paid"), widget=forms.DateInput())
    voucher_no = forms.CharField(label=_("Voucher number"), max_length=50)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FUNDING_CHOICES)
    payee_name = forms.CharField(label=_("Payee"), max_length=100, required=False)
    payee_bank = forms.CharField(label=_("Bank"), max_length=100, required=False)
    payee_account = forms.CharField(
        label=_("Account"),
        max_length=40,
        required=False,
        help_text=_("Empty: the household's payee account."),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_code"].choices = [(due.code, due.item) for due in items]


class ReverseForm(PageFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for reversing"), max_length=500)


class DiscardForm(PageFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for setting it aside"), max_length=500)


class PayeeAccountForm(PageFormMixin, forms.Form):
    NOT_KEPT = ("account",)  # a refused form's bank account number is not kept in the session
    name = forms.CharField(label=_("Account holder"), max_length=100)
    bank = forms.CharField(label=_("Bank"), max_length=100)
    account = forms.CharField(label=_("Account number"), max_length=40)
    # The version of the account the form was opened on (none before there is one).
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class HandOverForm(PageFormMixin, forms.Form):
    on = forms.DateField(label=_("Handed over on"), widget=forms.DateInput())


class PaymentRunForm(PageFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Transfer date"), widget=forms.DateInput())
    purpose = forms.CharField(
        label=_("Purpose"), max_length=50, initial=_("Expropriation compensation")
    )
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FUNDING_CHOICES)


class BankResultsForm(PageFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The bank's results (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)


class LotteryFreezeForm(PageFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=SelectionMethod.choices)


class LotteryDrawForm(PageFormMixin, forms.Form):
    seed = forms.CharField(
        label=_("Seed"),
        max_length=200,
        help_text=_("As drawn in public, e.g. the numbers drawn at the meeting in their order."),
    )
    seed_source = forms.CharField(
        label=_("How the seed was drawn"),
        max_length=500,
        help_text=_("Who drew it, where and when, or which public lottery result of which day."),
    )


class UnitForm(PageFormMixin, forms.ModelForm):
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=ResettlementBuilding.objects.none()
    )

    class Meta:
        model = ResettlementUnit
        fields = ["building", "unit_no", "floor", "area", "layout", "orientation"]

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = ResettlementBuilding.objects.filter(site=site)


class UnitImportForm(PageFormMixin, forms.Form):
    file = forms.FileField(
        label=_("The developer's list of units (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)


class SettlementForm(PageFormMixin, forms.Form):
    measured_area = forms.DecimalField(
        label=_("Measured area (m²)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("10"),
        max_value=Decimal("1000"),
        help_text=_("The surveyed area of the unit (测绘面积)."),
    )


class SettlementCorrectionForm(SettlementForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=500,
        help_text=_("E.g. the surveyed area was typed wrong; name the survey report."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measured_area"].label = _("Corrected measured area (m²)")
