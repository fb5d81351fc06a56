from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.selectors import users_with_role
from core.forms import (
    PageFormMixin,
    PageFormSet,
    RowFormSet,
    VersionedFormMixin,
    add_service_errors,
)
from core.models import Region
from core.uploads import EVIDENCE_ACCEPT, validate_evidence_file
from projects.choices import (
    CONSTRUCTION_NEXT,
    EXPROPRIATION_NEXT,
    BuildingMilestone,
    ConstructionStatus,
    DailyStatusKind,
    ExpropriationStatus,
    FundingSource,
)
from projects.models import (
    MAX_COUNT,
    MAX_INVESTMENT,
    TARGET_FIELDS,
    AnnualPlan,
    DistrictTarget,
    Project,
    ProjectFunding,
    ResettlementBuilding,
    ResettlementSite,
)


def _model_rule_errors(form, instance) -> None:
    """Show the model's own rules (its clean()) on a plain form, so the page marks the row
    before the service, which runs the same rules, is called."""
    try:
        instance.clean()
    except ValidationError as exc:
        add_service_errors(form, exc)


# The project form's sections, in the order the page shows them.
PROJECT_SECTIONS = [
    (
        _("Basic facts"),
        [
            "code",
            "name",
            "district",
            "street",
            "plan_year",
            "category",
            "demolition_type",
            "resettlement_mode",
        ],
    ),
    (_("Scale"), ["planned_households", "planned_units", "floor_area", "planned_investment"]),
    (
        _("People responsible"),
        [
            "lead_leader_name",
            "lead_leader_post",
            "responsible_unit",
            "street_contact_name",
            "street_contact_phone",
            "city_liaison",
        ],
    ),
    (_("Key dates"), ["approved_on", "freeze_date", "signing_ends_on", "signing_threshold"]),
]


class ProjectForm(VersionedFormMixin, PageFormMixin, forms.ModelForm):
    """Project facts; district and street choices are limited to the user's scope.
    The two statuses are not here: they change only through the status actions."""

    SECTIONS = PROJECT_SECTIONS

    class Meta:
        model = Project
        fields = [name for _title, names in PROJECT_SECTIONS for name in names]
        widgets = {f: forms.DateInput() for f in ["approved_on", "freeze_date", "signing_ends_on"]}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.districts().writable_by(user)
        self.fields["street"].queryset = Region.objects.streets().writable_by(user)
        self.fields["city_liaison"].queryset = users_with_role(Role.CITY_STAFF)
        self.fields["city_liaison"].label_from_instance = lambda user: user.display_name
        if (
            self.instance.pk
            and not self.fields["district"].queryset.filter(pk=self.instance.district_id).exists()
        ):
            # Project staff may edit their project's facts but not move it.
            self.fields["district"].disabled = self.fields["street"].disabled = True
            self.fields["district"].queryset = Region.objects.filter(pk=self.instance.district_id)
            self.fields["street"].queryset = Region.objects.filter(pk=self.instance.street_id)

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


class StatusChangeForm(PageFormMixin, forms.Form):
    """Move one of the project's two statuses on; the choices are the lifecycle's next steps."""

    to_status = forms.ChoiceField(label=_("New status"))
    effective_on = forms.DateField(label=_("Effective date"), widget=forms.DateInput())
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    TRACKS = {
        "expropriation": ("expropriation_status", EXPROPRIATION_NEXT, ExpropriationStatus),
        "construction": ("construction_status", CONSTRUCTION_NEXT, ConstructionStatus),
    }

    def __init__(self, *args, project: Project, track: str, **kwargs):
        # Prefixed by its track: the project page holds both, and a refused one comes back
        # to its own (core.views.refill) with what was typed.
        super().__init__(*args, prefix=track, **kwargs)
        attribute, lifecycle, labels = self.TRACKS[track]
        current = getattr(project, attribute)
        self.fields["to_status"].choices = [(s.value, s.label) for s in lifecycle[labels(current)]]


class AnnualPlanForm(VersionedFormMixin, PageFormMixin, forms.ModelForm):
    class Meta:
        model = AnnualPlan
        fields = [
            "year",
            "target_households",
            "target_households_in_kind",
            "target_households_monetary",
            "target_units",
            "target_projects",
            "target_investment",
            "start_rule",
            "document_number",
        ]


class MilestoneForm(PageFormMixin, forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput())
    start_rate_threshold = forms.DecimalField(
        label=_("Start rate at least (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=1,
    )


MilestoneFormSet = forms.formset_factory(
    MilestoneForm, formset=PageFormSet, extra=1, can_delete=True
)


class DistrictTargetForm(PageFormMixin, forms.Form):
    district = forms.IntegerField(widget=forms.HiddenInput())
    households = forms.IntegerField(label=_("Target households"), min_value=0, max_value=MAX_COUNT)
    households_in_kind = forms.IntegerField(
        label=_("of which in kind"), min_value=0, max_value=MAX_COUNT
    )
    households_monetary = forms.IntegerField(
        label=_("of which monetary"), min_value=0, max_value=MAX_COUNT
    )
    units = forms.IntegerField(label=_("In-kind units"), min_value=0, max_value=MAX_COUNT)
    projects = forms.IntegerField(label=_("Projects"), min_value=0, max_value=MAX_COUNT)
    investment = forms.DecimalField(
        label=_("Investment (10k yuan)"),
        min_value=0,
        max_value=MAX_INVESTMENT,
        max_digits=14,
        decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        _model_rule_errors(self, DistrictTarget(**{f: data.get(f) for f in TARGET_FIELDS}))
        return data


DistrictTargetFormSet = forms.formset_factory(DistrictTargetForm, formset=RowFormSet, extra=0)


class FundingForm(PageFormMixin, forms.Form):
    source = forms.ChoiceField(choices=FundingSource.choices, widget=forms.HiddenInput())
    planned = forms.DecimalField(
        label=_("Planned (10k yuan)"),
        min_value=0,
        max_value=MAX_INVESTMENT,
        max_digits=14,
        decimal_places=2,
    )
    received = forms.DecimalField(
        label=_("Received (10k yuan)"),
        min_value=0,
        max_value=MAX_INVESTMENT,
        max_digits=14,
        decimal_places=2,
    )

    def clean(self):
        data = super().clean()
        _model_rule_errors(
            self, ProjectFunding(planned=data.get("planned"), received=data.get("received"))
        )
        return data


FundingFormSet = forms.formset_factory(FundingForm, formset=RowFormSet, extra=0)


class MonthInput(forms.DateInput):
    input_type = "month"


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (an <input type="month">), kept as its first day."""

    widget = MonthInput(format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class InvestmentForm(PageFormMixin, forms.Form):
    month = MonthField(label=_("Month"))
    amount = forms.DecimalField(
        label=_("Investment completed (10k yuan)"),
        min_value=0,
        max_value=MAX_INVESTMENT,
        max_digits=14,
        decimal_places=2,
    )


class ResettlementSiteForm(PageFormMixin, forms.ModelForm):
    class Meta:
        model = ResettlementSite
        fields = ["name", "district", "address", "projects"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.districts().writable_by(user)
        self.fields["projects"].queryset = Project.objects.for_user(user).order_by("code")


class ResettlementBuildingForm(PageFormMixin, forms.ModelForm):
    class Meta:
        model = ResettlementBuilding
        fields = ["name", "units"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": EVIDENCE_ACCEPT}

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [
            validate_evidence_file(super(MultipleFileField, self).clean(f, initial)) for f in files
        ]


class BuildingMilestoneForm(PageFormMixin, forms.Form):
    """A milestone recorded on a site's buildings table: one form a building, prefixed by
    it (`for_building`), so that a refused one comes back filled on its own row."""

    milestone = forms.ChoiceField(
        label=_("Milestone"),
        choices=BuildingMilestone.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )
    reached_on = forms.DateField(
        label=_("Date reached"),
        widget=forms.DateInput(attrs={"class": "form-control form-control-sm w-auto"}),
    )
    files = MultipleFileField(
        label=_("Evidence (permit scans, photos: PDF, JPEG, PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control form-control-sm w-auto"}),
    )

    @classmethod
    def for_building(cls, building, *args, **kwargs):
        return cls(*args, prefix=f"building-{building.pk}", **kwargs)


class DailyStatusForm(PageFormMixin, forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput())
    status = forms.ChoiceField(label=_("Status"), choices=DailyStatusKind.choices)
    workers_on_site = forms.IntegerField(
        label=_("Workers"), min_value=0, max_value=100000, initial=0
    )
    machinery_on_site = forms.IntegerField(
        label=_("Machinery"), min_value=0, max_value=10000, initial=0
    )
    reason = forms.CharField(label=_("Reason not working"), required=False, max_length=500)
    expected_resumption_on = forms.DateField(
        label=_("Expected resumption"), required=False, widget=forms.DateInput()
    )
    confirmed = forms.BooleanField(
        label=_("It is so: not resumed, with people or machinery on site"), required=False
    )
    # The version of the day's status the sheet was opened on, 0 when none was filed yet: a
    # row filed or changed by someone else since is refused, not written over.
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)


class DailyStatusSheet(PageFormSet):
    """Every row of a filing sheet is a project's status, checked whatever number of initial
    rows the post claims: a row counted as an optional extra and left as served was skipped
    unchecked, then filed without a status (an error page)."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": False}


DailyStatusFormSet = forms.formset_factory(DailyStatusForm, formset=DailyStatusSheet, extra=0)


class DailyStatusDateForm(PageFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(),
    )


class FilingDistrictForm(PageFormMixin, forms.Form):
    """Whose sheet to open: a user who files for more than one district (city staff) picks
    one, so a sheet never holds the whole city's projects in one submit."""

    district = forms.TypedChoiceField(
        label=_("District"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"aria-label": _("District")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once: offered, checked and given back from the same rows (one query).
        self.districts = {
            d.pk: d for d in Region.objects.districts().for_user(user).order_by("code")
        }
        self.fields["district"].choices = [
            ("", _("Choose a district")),
            *((pk, district.name) for pk, district in self.districts.items()),
        ]

    @property
    def is_choice(self) -> bool:
        return len(self.districts) > 1

    def chosen(self) -> Region | None:
        """The district asked for, or the user's only one; None while one is to be chosen."""
        if not self.is_choice:
            return next(iter(self.districts.values()), None)
        return self.districts.get(self.cleaned_data["district"]) if self.is_valid() else None


class DailyStatusCorrectionForm(PageFormMixin, forms.Form):
    """Why a day's statuses change after its report was generated."""

    correction_reason = forms.CharField(
        label=_("Reason for the correction"), max_length=500, required=False
    )


class FilingReminderForm(PageFormMixin, forms.Form):
    """催报: which district, for which day (its districts limited to the sender's scope)."""

    district = forms.ModelChoiceField(label=_("District"), queryset=Region.objects.none())
    date = forms.DateField(label=_("Date"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.districts().for_user(user)
