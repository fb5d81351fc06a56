from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PageFormMixin
from reports.models import ReportKind


class ReportRequestForm(PageFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ReportKind.choices, initial=ReportKind.DAILY_RESUMPTION
    )
    period = forms.CharField(label=_("Period"), max_length=20, required=False)


class PublishForm(PageFormMixin, forms.Form):
    correction_note = forms.CharField(label=_("What changed"), max_length=1000, required=False)
