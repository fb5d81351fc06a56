from django import forms

from projects.models import Project, Region


class ProjectForm(forms.ModelForm):
    """Project facts; district and street choices are limited to the user's scope."""

    class Meta:
        model = Project
        fields = ["code", "name", "district", "street"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = Region.objects.districts().for_user(user)
        self.fields["street"].queryset = Region.objects.streets().for_user(user)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
