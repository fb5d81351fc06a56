from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import PageFormMixin, SentOnceMixin, VersionedFormMixin
from core.models import Region
from households.models import Household
from projects.forms import MultipleFileField
from projects.models import Project
from supervision import grievances, services
from supervision.choices import Satisfaction
from supervision.models import Grievance, SupervisionNotice


class ProjectsOfDistrictSelect(forms.SelectMultiple):
    """Each project's option carries its district, and the list follows the district field:
    choosing 城北区 offers 城北区's projects, not the city's."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "size": 6,
                "data-follows": "id_district",
                "data-dropped-text": _("No longer chosen, not of the district chosen: %s"),
                **(attrs or {}),
            }
        )

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-parent"] = value.instance.district_id
        return option


class NoticeForm(SentOnceMixin, VersionedFormMixin, PageFormMixin, forms.ModelForm):
    """A draft: the addressee, the projects it names, what is wrong, what to do, by when."""

    class Meta:
        model = SupervisionNotice
        fields = ["district", "projects", "level", "subject", "problem", "requirement", "deadline"]
        widgets = {
            "deadline": forms.DateInput(),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "requirement": forms.Textarea(attrs={"rows": 4}),
            "projects": ProjectsOfDistrictSelect(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = (
            Region.objects.districts().for_user(user).order_by("code")
        )
        self.fields["projects"].queryset = (
            Project.objects.for_user(user)
            .select_related("district")
            .order_by("district__code", "code")
        )
        self.fields["projects"].label_from_instance = lambda p: f"{p.district.name} {p.name}"
        self.fields["projects"].help_text = _(
            "Optional: the projects the problem is about, in that district."
        )

    def clean(self):
        """The service's checks of the district's projects and of a deadline set, made here
        too, so that they are told with the fields left empty, not in a second round."""
        cleaned = super().clean()
        if cleaned.get("district") and cleaned.get("projects"):
            try:
                services.check_notice_projects(cleaned["district"], cleaned["projects"])
            except ValidationError as exc:
                self.add_error(None, exc)
        if cleaned.get("deadline"):
            try:
                services.future_deadline(cleaned["deadline"])
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class ReasonForm(PageFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class IssueForm(PageFormMixin, forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"),
        required=False,
        widget=forms.DateInput(),
        help_text=_("Only when the deadline passed while the notice waited."),
    )


class ReturnForm(ReasonForm):
    deadline = forms.DateField(label=_("New deadline"), required=False, widget=forms.DateInput())


class CloseForm(PageFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class RespondForm(PageFormMixin, forms.Form):
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    files = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG)"), required=False)


class ExtensionRequestForm(ReasonForm):
    deadline = forms.DateField(label=_("Requested deadline"), widget=forms.DateInput())


class ExtensionDecisionForm(PageFormMixin, forms.Form):
    grant = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("true", _("Grant")), ("false", _("Refuse"))],
        coerce=lambda value: value == "true",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class InterviewForm(PageFormMixin, forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput())
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class GrievanceForm(SentOnceMixin, PageFormMixin, forms.ModelForm):
    """Registering a grievance: the household is chosen among the project's (by its code),
    none for an anonymous one."""

    household_code = forms.CharField(
        label=_("Household code"),
        required=False,
        max_length=40,
        help_text=_("Optional; leave empty for an anonymous grievance."),
    )

    class Meta:
        model = Grievance
        fields = [
            "project",
            "channel",
            "ticket_no",
            "ticket_deadline",
            "category",
            "anonymous",
            "name",
            "phone",
            "content",
            "registered_on",
        ]
        widgets = {
            "ticket_deadline": forms.DateInput(),
            "registered_on": forms.DateInput(),
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    # What registering checks beyond the fields' own input (grievances.registration_refusals).
    REGISTERED = (
        "channel",
        "category",
        "content",
        "registered_on",
        "anonymous",
        "name",
        "phone",
        "ticket_no",
        "ticket_deadline",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["project"].queryset = (
            Project.objects.for_user(user).select_related("district").order_by("code")
        )
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        self.fields["registered_on"].required = False

    def clean(self):
        data = super().clean()
        code = (data.pop("household_code", "") or "").strip()
        data["household"] = None
        project = data.get("project")
        if code and project is not None:
            data["household"] = Household.objects.filter(project=project, code=code).first()
            if data["household"] is None:
                self.add_error(
                    "household_code",
                    _("No household of this project has the code %(code)s.") % {"code": code},
                )
        # Every refusal in one round: the service's with the form's own.
        typed = {name: data[name] for name in self.REGISTERED if data.get(name) is not None}
        refused = grievances.registration_refusals(
            user=self.user,
            project=project,
            household=data["household"],
            **{"channel": "", "category": "", "content": "", **typed},
        )
        for field, messages in refused.items():
            shown = "household_code" if field == "household" else field
            if shown not in self.errors:
                self.add_error(shown if shown in self.fields else None, messages)
        return data

    def _post_clean(self):
        """The service builds and checks the record; the form only reads the input."""


class GrievanceDeclineForm(PageFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason not accepted"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class GrievanceAcceptForm(PageFormMixin, forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), required=False, widget=forms.DateInput())


class GrievanceInvestigateForm(PageFormMixin, forms.Form):
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    root_cause = forms.CharField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class GrievanceExtendForm(PageFormMixin, forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("Reason"), max_length=2000)


class GrievanceResolveForm(PageFormMixin, forms.Form):
    reply = forms.CharField(
        label=_("Reply to the resident"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    resolved_on = forms.DateField(label=_("Resolved on"), required=False, widget=forms.DateInput())


class GrievanceCloseForm(PageFormMixin, forms.Form):
    # Nothing chosen at first: a closing clicked through must not record a "satisfied" the
    # resident never said (the list's satisfied share counts it).
    satisfaction = forms.ChoiceField(
        label=_("Resident's satisfaction"),
        choices=[("", _("Choose what the resident said")), *Satisfaction.choices],
    )


class InspectionForm(PageFormMixin, forms.Form):
    inspected_on = forms.DateField(label=_("Inspected on"), widget=forms.DateInput())
    inspectors = forms.CharField(label=_("Inspectors"), max_length=200)
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects visited"),
        queryset=Project.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = (
            Project.objects.for_user(user)
            .select_related("district")
            .order_by("district__code", "code")
        )
        self.fields["projects"].label_from_instance = lambda p: f"{p.district.name} {p.name}"


class FindingForm(PageFormMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    text = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    photo = forms.FileField(
        label=_("Photo (JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = inspection.projects.order_by("code")


class MeetingForm(PageFormMixin, forms.Form):
    # In context: a notice's "Subject" and an interview's "Held on" read otherwise in Chinese.
    held_on = forms.DateField(label=pgettext_lazy("meeting", "Held on"), widget=forms.DateInput())
    host = forms.CharField(label=_("Host"), max_length=100)
    subject = forms.CharField(label=pgettext_lazy("meeting", "Subject"), max_length=200)
    attendees = forms.CharField(
        label=_("Attendees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class DecisionForm(PageFormMixin, forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("meeting", "Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    owner = forms.CharField(label=_("Owner"), max_length=100)
    district = forms.ModelChoiceField(
        label=_("District concerned"), required=False, queryset=Region.objects.none()
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.districts().order_by("code")
