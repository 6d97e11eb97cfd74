"""Panels that apps add to the signed-in home page, the executives' dashboard.

An app registers a source in its AppConfig.ready(); the source returns a Panel for a user and
fiscal year, or None when the user may not see it. The home page shows every panel it gets, so
the indicators app never needs to know which apps exist (budget and assets add theirs the same way).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from .models import FiscalYear


@dataclass(frozen=True)
class Panel:
    title: str
    template: str  # rendered with `panel` in its context
    link: str = ""
    data: dict = field(default_factory=dict)


PanelSource = Callable[[User, FiscalYear], Panel | None]

_sources: dict[str, PanelSource] = {}


def register_panel(name: str, source: PanelSource) -> None:
    _sources[name] = source


def panels_for(user: User, fiscal_year: FiscalYear) -> list[Panel]:
    panels = (source(user, fiscal_year) for _name, source in sorted(_sources.items()))
    return [panel for panel in panels if panel is not None]
