"""The form renderer: Django's widget templates, made in Python.

Django renders every widget through its templates, a checkbox or radio button
through four nested ones: about 0.15 ms a plain field and 0.3 ms an option.
A briefing's form (thirty invitees, the hidden copy of every value, the session
and speaker rows: some 140 widgets) spent most of its 60-90 ms there. This
renderer makes the same HTML, byte for byte, from the same widget context for
the templates of Django's own widgets (tests/registry/test_rendering.py compares
them with Django's), and leaves every other template (the admin's widgets, a
form's own layout) to Django's renderer.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, strip_spaces_between_tags
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"


def _text(value) -> str:
    # {{ value }} in a template: localised, then escaped unless already safe.
    return conditional_escape(localize(template_localtime(value)))


def _attrs(attrs: dict) -> str:
    # attrs.html
    return "".join(
        ""
        if value is False
        else format_html(" {}", name)
        if value is True
        else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
    )


def _input(widget: dict) -> str:
    # input.html (each template file ends with a line break)
    value = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>\n',
        widget["type"],
        widget["name"],
        mark_safe(value),
        mark_safe(_attrs(widget["attrs"])),
    )


def _option(option: dict) -> str:
    # checkbox_option.html and radio_option.html, including input_option.html
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n"
    label_for = option["attrs"].get("id")
    opening = format_html('<label for="{}">', label_for) if label_for else "<label>"
    return f"{opening}{_input(option)} {_text(option['label'])}</label>\n\n"


def _multiple_input(widget: dict) -> str:
    # multiple_input.html (checkbox_select.html, radio.html)
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{_text(group)}</label>")
        parts += [f"<div>\n    {_option(option)}</div>" for option in options]
        if group:
            parts.append("\n  </div>")
    attrs = widget["attrs"]
    id_ = format_html(' id="{}"', attrs["id"]) if attrs.get("id") else ""
    class_ = format_html(' class="{}"', attrs["class"]) if attrs.get("class") else ""
    return f"<div{id_}{class_}>{''.join(parts)}\n</div>"


def _select(widget: dict) -> str:
    # select.html with select_option.html
    parts = []
    for group, options, _index in widget["optgroups"]:
        if group:
            parts.append(format_html('\n  <optgroup label="{}">', group))
        parts += [
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',  # select_option.html ends with one
                option["value"],
                mark_safe(_attrs(option["attrs"])),
                _text(option["label"]),
            )
            for option in options
        ]
        if group:
            parts.append("\n  </optgroup>")
    name = conditional_escape(widget["name"])
    return f'<select name="{name}"{_attrs(widget["attrs"])}>{"".join(parts)}\n</select>'


def _textarea(widget: dict) -> str:
    # textarea.html
    value = _text(widget["value"]) if widget["value"] else ""
    name = conditional_escape(widget["name"])
    return f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


INPUTS = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "input",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
QUICK = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    f"{WIDGETS}checkbox_select.html": _multiple_input,
    f"{WIDGETS}radio.html": _multiple_input,
    f"{WIDGETS}multiple_input.html": _multiple_input,
    f"{WIDGETS}select.html": _select,
    f"{WIDGETS}textarea.html": _textarea,
}
# multiwidget.html and the templates that include it: the subwidgets, {% spaceless %}.
MULTI = {
    f"{WIDGETS}{name}.html"
    for name in [
        "multiwidget",
        "multiple_hidden",
        "select_date",
        "splitdatetime",
        "splithiddendatetime",
    ]
}


class QuickFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if quick := QUICK.get(template_name):
            return mark_safe(quick(context["widget"]).strip())
        if template_name in MULTI:
            subwidgets = context["widget"]["subwidgets"]
            inner = "".join(
                self.render(sub["template_name"], {**context, "widget": sub}, request)
                for sub in subwidgets
            )
            return mark_safe(strip_spaces_between_tags(inner.strip()))
        return super().render(template_name, context, request)
