"""The form renderer: Django's templates, with the plain widgets written in Python.

A widget rendered through its template costs a template render and two or three includes;
the daily filing sheet's 54 rows of six inputs spent more than half of the page's time
there. The inputs, selects and text areas below write exactly the HTML of Django's own
widget templates (tests/test_form_renderer.py compares them widget by widget); any other
template (a form's layout, radio lists, multi-widgets' frames) is rendered as before. They
escape with the standard library's `html.escape`, which Django's `escape` wraps: its lazy
wrapper cost the sheet's 3,000 attribute names and values as much as the escaping.
"""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeData, mark_safe

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def escaped_text(value) -> str:
    """A value as `{{ value|stringformat:'s' }}` writes it: escaped unless marked safe (the
    list pages' filter choices are written with it too)."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _shown(value) -> str:
    """A value as `{{ value }}` writes it: localized, then escaped unless marked safe."""
    text = str(localize(value))  # str() of a lazy translation is its text
    return text if isinstance(text, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """As attrs.html: ` name="value"`, a True one bare, a False one left out."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{escaped_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escaped_text(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{escaped_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # another kind of option: its own template writes it
            parts.append(f"\n  {_option(option)}\n")  # select_option.html ends in a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = widget["value"]
    text = _shown(value) if value else ""
    return f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


WRITERS = {
    **dict.fromkeys(INPUT_TEMPLATES, _input),
    "django/forms/widgets/select.html": _select,
    "django/forms/widgets/textarea.html": _textarea,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = WRITERS.get(template_name)
        html = write(context["widget"]) if write else None
        if html is None:
            return super().render(template_name, context, request=request)
        return mark_safe(html)
