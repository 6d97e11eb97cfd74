"""The complaints panel of the executives' dashboard: open work and what is overdue today."""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dashboard import Panel
from core.models import FiscalYear

from . import selectors
from .models import OPEN_STATES, State


def complaints_panel(user: User, fiscal_year: FiscalYear) -> Panel | None:
    # Today's work, whichever year is on screen: corruption complaints count only for those who may see them.
    if not user.has_perm("complaints.view_complaint"):
        return None
    counts = selectors.open_counts(user, timezone.localdate())
    return Panel(
        title=_("Complaints"),
        template="complaints/_dashboard_panel.html",
        link=reverse("complaints:list"),
        data={
            "open": sum(counts[state] for state in OPEN_STATES),
            "overdue": counts["overdue"],
            "due_soon": counts["due_soon"],
            "not_acknowledged": counts[State.RECEIVED],
        },
    )
