"""The form renderer: Django's own widget templates, in their Jinja2 edition.

Django renders every widget through its templates, a checkbox or a radio button
through four nested ones: about 0.15 ms a plain field and 0.3 ms an option with
the Django template engine. A form of a hundred widgets (a briefing's sessions,
speakers and invitees, the attendance form's radio buttons) spent most of its
time there. Django ships the same widget templates for Jinja2, which renders
them in about half the time; the form's own layout and every other template
(the admin's widgets, the project's own) stay with the Django template engine.
"""

from functools import cached_property

from django.forms.renderers import DjangoTemplates, Jinja2

WIDGETS = "django/forms/widgets/"


class FormRenderer(DjangoTemplates):
    @cached_property
    def widget_engine(self):
        return Jinja2().engine

    def get_template(self, template_name):
        if template_name.startswith(WIDGETS):
            return self.widget_engine.get_template(template_name)
        return super().get_template(template_name)
