"""The reports other apps add to the index at /reports/.

The index belongs to this app, which sits below the apps whose reports it lists
(the honorarium list and the evaluation recap of `contracts`, the recap of the
monthly reports of `activities`). So those apps tell it their reports, in their
AppConfig.ready(): `register(provider)`, where the provider takes the signed-in
user and returns the entries that user may open, with their filter forms built
for the user. A report the user cannot open is never listed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from reports.formats import FILE_FORMATS


@dataclass(frozen=True)
class Entry:
    """One report on the index: its title, what it holds, its filters (GET), and the
    URL name of its page (the files are `<url_name>-pdf`, `-xlsx`, `-csv`)."""

    key: str  # the section's id on the page
    title: str
    description: str
    url_name: str
    form: forms.Form | None = None
    formats: tuple[str, ...] = tuple(FILE_FORMATS)


Provider = Callable[[object], list[Entry]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add an app's reports to the index (once, however often ready() runs)."""
    if provider not in _providers:
        _providers.append(provider)


def entries_for(user) -> list[Entry]:
    """The registered reports this user may open, in the order the apps are installed."""
    return [entry for provider in _providers for entry in provider(user)]
