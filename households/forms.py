from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PageFormMixin, RowFormSet, SentOnceMixin, VersionedFormMixin
from households import crypto
from households.choices import Hardship, Stage
from households.models import Household
from projects.models import MAX_COUNT, Campaign, Project


class HouseholdForm(VersionedFormMixin, PageFormMixin, forms.ModelForm):
    """Household facts. The ID number is typed in clear and never shown back: leave it empty
    to keep the stored one. `version` detects an edit of a stale form."""

    id_number = forms.CharField(
        label=_("Resident ID number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    hardship_types = forms.MultipleChoiceField(
        label=_("Hardship types"),
        choices=Hardship.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Household
        fields = [
            "project",
            "code",
            "party_type",
            "party_name",
            "id_number",
            "credit_code",
            "co_owners",
            "phone",
            "property_certificate_no",
            "address",
            "land_type",
            "use",
            "legal_area",
            "unregistered_area",
            "unregistered_recognition",
            "storage_area",
            "hardship_types",
            "intention",
            "no_agreement_on",
            "decision_issued_on",
            "enforcement_applied_on",
            "enforced_on",
            "note",
        ]
        widgets = {
            f: forms.DateInput()
            for f in [
                "no_agreement_on",
                "decision_issued_on",
                "enforcement_applied_on",
                "enforced_on",
            ]
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_user(user).order_by("code")
        self.fields["hardship_types"].widget.attrs = {"class": "form-check-input"}
        self.fields["storage_area"].required = False  # most houses have none
        if self.instance.pk:
            self.fields["project"].disabled = True
            if self.instance.id_masked:
                self.fields["id_number"].help_text = _(
                    "Stored: %(masked)s. Leave empty to keep it."
                ) % {"masked": self.instance.id_masked}

    def clean_id_number(self):
        """Checked here as well as in the service, so that a wrong number is said beside
        the form's other errors rather than once they are corrected."""
        number = self.cleaned_data["id_number"]
        if number.strip():
            crypto.validate_id_number(number.strip(), today=timezone.localdate())
        return number

    def clean_storage_area(self):
        return self.cleaned_data["storage_area"] or Decimal("0")


class ProgressForm(PageFormMixin, forms.Form):
    # Any stage: the service refuses one that follows from records (appraised, signed,
    # settled) but as a move back, and says why; a page offers only those it would take.
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    date = forms.DateField(label=_("Effective date"), widget=forms.DateInput())
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=500)


class RevealForm(PageFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revealing the full number"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    member = forms.IntegerField(required=False, widget=forms.HiddenInput())


class ExportFullIdsForm(PageFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for exporting full numbers"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class IdSearchForm(PageFormMixin, forms.Form):
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=30,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )


class MemberForm(SentOnceMixin, PageFormMixin, forms.Form):
    NOT_KEPT = ("id_number",)  # a refused form's ID number is not kept in the session
    name = forms.CharField(label=_("Name"), max_length=50)
    relation = forms.CharField(
        label=_("Relation to the head"),
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. spouse, son, daughter")}),
    )
    id_number = forms.CharField(label=_("Resident ID number"), max_length=30)
    is_resettlement_person = forms.BooleanField(
        label=_("Eligible resettlement person"), required=False, initial=True
    )


class CampaignForm(VersionedFormMixin, PageFormMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "starts_on", "ends_on", "scope", "description"]
        widgets = {
            "starts_on": forms.DateInput(),
            "ends_on": forms.DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class CampaignTargetForm(PageFormMixin, forms.Form):
    district = forms.IntegerField(widget=forms.HiddenInput())
    households = forms.IntegerField(
        label=_("Households to demolish"), min_value=0, max_value=MAX_COUNT, initial=0
    )


CampaignTargetFormSet = forms.formset_factory(CampaignTargetForm, formset=RowFormSet, extra=0)


class RosterUploadForm(PageFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label=_("Project"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("Roster file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.for_user(user).order_by("code")
