"""The O31 round report: complaint statistics for a fiscal year and round, as a PDF kept as evidence."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from core.fiscal import round_period
from core.models import FiscalYear, Report
from core.pdf import render_round_report
from indicators.services import evidence_from_report

from . import selectors

O31 = "O31"
O31_KIND = "o31"


@transaction.atomic
def o31_report(fiscal_year: FiscalYear, round_: str, user: User | None = None) -> Report:
    # Published statistics count every complaint, corruption ones included (as numbers only).
    report = render_round_report(
        kind=O31_KIND,
        title=_("Complaint statistics"),
        template_name="complaints/pdf/statistics.html",
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
        context={"stats": selectors.statistics(round_period(fiscal_year.year, round_), include_corruption=True)},
    )
    evidence_from_report(report, oit_code=O31, user=user)
    return report
