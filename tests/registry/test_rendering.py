"""The form renderer makes the same HTML as Django's widget templates for the Django
template engine: the same elements, attributes, labels and text."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from registry.rendering import FormRenderer

CHOICES = [(1, "Siti <Aminah> & co"), (2, 'Budi "Santoso"'), (3, mark_safe("<b>Dewi</b>"))]
GROUPED = [("Pekalongan Barat", [(1, "Medono"), (2, "Podosugih")]), (3, "Tanpa kelompok")]


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="Help", required=False)
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    number = forms.IntegerField(min_value=1, max_value=9)
    decimal = forms.DecimalField(required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    one = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    ticks = forms.MultipleChoiceField(
        choices=GROUPED,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checklist"}),
        required=False,
    )
    plain_ticks = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    hidden_many = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.MultipleHiddenInput, required=False
    )
    day = forms.DateField(widget=forms.SelectDateWidget(years=[2024, 2025]), required=False)
    when = forms.SplitDateTimeField(required=False)
    upload = forms.FileField(required=False)
    off = forms.CharField(disabled=True, required=False, initial="tetap")
    copied = forms.CharField(show_hidden_initial=True, required=False, initial="awal <x>")


BOUND = {
    "text": 'a <b> & "c"',
    "email": "not-an-email",
    "number": "12",
    "decimal": "1.5",
    "date": "2025-02-30",
    "time": "08:30",
    "secret": "s3cret&",
    "hidden": "7",
    "agree": "on",
    "note": "line one\n<line two>",
    "one": "2",
    "grouped": "3",
    "many": ["1", "3"],
    "radio": "1",
    "ticks": ["2"],
    "plain_ticks": ["1", "2"],
    "hidden_many": ["1", "3"],
    "day_year": "2025",
    "day_month": "2",
    "day_day": "3",
    "when_0": "2025-01-02",
    "when_1": "10:00",
    "copied": "baru",
}
INITIAL = {
    "date": datetime.date(2025, 3, 4),
    "time": datetime.time(7, 5),
    "number": 3,
    "many": [2],
    "ticks": [1, 3],
    "radio": 2,
    "hidden_many": [1, 2],
    "day": datetime.date(2024, 12, 31),
    "note": "",
}


def rendered(form_class, renderer, **kwargs) -> dict:
    # Compared as HTML (Django's assertHTMLEqual parser): the same elements,
    # attributes and text; the two engines differ in line breaks between tags.
    form = form_class(renderer=renderer, **kwargs)
    return {name: parse_html(str(form[name])) for name in form.fields}


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("kwargs", [{}, {"data": BOUND}, {"initial": INITIAL}], ids=str)
def test_every_widget_renders_as_django_renders_it(kwargs, auto_id):
    ours = rendered(EveryWidget, FormRenderer(), auto_id=auto_id, **kwargs)
    django = rendered(EveryWidget, DjangoTemplates(), auto_id=auto_id, **kwargs)
    assert ours == django


def test_labels_and_values_are_escaped_once():
    html = str(EveryWidget(renderer=FormRenderer(), data=BOUND)["plain_ticks"])
    assert "Siti &lt;Aminah&gt; &amp; co" in html
    assert "Budi &#34;Santoso&#34;" in html  # markupsafe's spelling of &quot;
    assert "&amp;lt;" not in html and "&amp;#34;" not in html
    assert "<b>Dewi</b>" in html  # a label already made safe stays as it is


def test_the_site_renders_its_forms_with_it():
    assert settings.FORM_RENDERER == "registry.rendering.FormRenderer"
