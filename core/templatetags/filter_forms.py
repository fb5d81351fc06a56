"""A list page's filter choices, written in one pass.

    {% load filter_forms %}{% filter_select field %}

(and `{% figure_filters filter as chosen %}`, which includes/filter_chosen.html shows: the
figure filters a list was opened with).

Written option by option in a template, a filter form's 140 choices cost the household list
a third of its rendering; a model choice also counted its rows (the template loop asks for
the length) and read them through a server-side cursor. Here the choices are read once and
written as one string, each value and label escaped as the form renderer escapes
(`format_html` per option took a millisecond for a district's 141 options), the empty one
labelled "All". A model choice whose queryset annotates its `option_label` is read as values,
not models (a district's 100 projects: 0.7 ms rather than 1.8).
"""

from django import forms, template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.filtering import YesNoField
from core.renderers import escaped_text

register = template.Library()

# What a choice of "no filter" is called: empty, or a yes/no filter's unknown.
_NO_FILTER = {"", "unknown"}


@register.simple_tag
def figure_filters(filterset) -> list[tuple[str, object]]:
    """(label, value) of each figure filter the list was opened with (its FilterSet's
    FIGURE_FILTERS: a report's or a dashboard's figure), shown as chosen, not as fields."""
    form = filterset.form
    return [
        (form[name].label, form[name].value())
        for name in filterset.FIGURE_FILTERS
        if form[name].value()
    ]


@register.simple_tag
def filter_select(bound_field):
    """The field's <select>, with the chosen option selected."""
    field = bound_field.field
    if isinstance(field, forms.ModelChoiceField):
        choices = [("", "")] if field.empty_label is not None else []
        if "option_label" in field.queryset.query.annotation_select:  # read as values, not models
            choices += field.queryset.values_list("pk", "option_label")
        else:
            choices += [(obj.pk, field.label_from_instance(obj)) for obj in field.queryset]
    else:
        choices = field.widget.choices
    current = bound_field.value()
    if isinstance(field, YesNoField):
        current = field.option(current)
    # An ordering's value is a list of fields, its choice the same fields joined.
    chosen = (",".join(current) if isinstance(current, list) else str(current)).lower()
    everything = _("All")
    options = []
    for choice, label in choices:
        value = "" if choice is None else str(choice)
        selected = " selected" if value.lower() == chosen else ""
        label = everything if value in _NO_FILTER else label
        options.append(
            f'<option value="{escaped_text(value)}"{selected}>{escaped_text(label)}</option>'
        )
    return mark_safe(
        f'<select name="{escaped_text(bound_field.html_name)}" '
        f'id="{escaped_text(bound_field.id_for_label)}" class="form-select">'
        f"{''.join(options)}</select>"
    )
