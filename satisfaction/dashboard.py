"""The satisfaction panel of the executives' dashboard: the fiscal year's ratings at a glance."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _

from core.dashboard import Panel
from core.fiscal import fiscal_year_period
from core.models import FiscalYear

from . import selectors


def satisfaction_panel(user: User, fiscal_year: FiscalYear) -> Panel | None:
    if not user.has_perm("satisfaction.view_response"):
        return None
    outcome = selectors.results(
        fiscal_year, selectors.service_points_visible(user), fiscal_year_period(fiscal_year.year)
    )
    overall = selectors.Tally("")
    for question in outcome.questions:
        overall.add(question.counts)
    return Panel(
        title=_("Service satisfaction"),
        template="satisfaction/_dashboard_panel.html",
        link=f"{reverse('satisfaction:results')}?year={fiscal_year.year}",
        data={"respondents": outcome.respondents, "overall": overall, "points": outcome.points},
    )
