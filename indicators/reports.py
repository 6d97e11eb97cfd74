"""The O43 round report: implementation of the measures, generated as a PDF and kept as evidence."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from core.fiscal import round_period
from core.models import FiscalYear, Report
from core.pdf import render_round_report

from . import selectors
from .services import evidence_from_report

O43 = "O43"
O43_KIND = "o43"


@transaction.atomic
def o43_report(fiscal_year: FiscalYear, round_: str, user: User | None = None) -> Report:
    report = render_round_report(
        kind=O43_KIND,
        title=_("Implementation of the measures to promote integrity and transparency"),
        template_name="indicators/pdf/measures_report.html",
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
        context={"indicators": selectors.measures_report(fiscal_year, round_period(fiscal_year.year, round_))},
    )
    evidence_from_report(report, oit_code=O43, user=user)
    return report
