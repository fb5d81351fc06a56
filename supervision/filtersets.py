import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PageFormMixin
from core.models import Region
from supervision.choices import EscalationStep, NoticeLevel, NoticeStatus
from supervision.models import SupervisionNotice
from supervision.querysets import overdue_q


def _districts_for(request):
    return Region.objects.districts().for_user(request.user) if request else Region.objects.none()


class PageFilterForm(PageFormMixin, forms.Form):
    pass


class NoticeFilterSet(django_filters.FilterSet):
    """The notice board and the API's `notices`: by status, district, level, lateness."""

    status = django_filters.ChoiceFilter(choices=NoticeStatus.choices, label=_("Status"))
    district = django_filters.ModelChoiceFilter(queryset=_districts_for, label=_("District"))
    level = django_filters.ChoiceFilter(choices=NoticeLevel.choices, label=_("Supervision level"))
    escalation = django_filters.ChoiceFilter(choices=EscalationStep.choices, label=_("Escalation"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]),
    )
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = SupervisionNotice
        fields = ["status", "district", "level", "escalation", "overdue", "year"]
        form = PageFilterForm

    def filter_overdue(self, queryset, name, value):
        late = overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
