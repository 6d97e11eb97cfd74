"""Writes of the report archive: the evidence index report (its runs are core's, like every round report's)."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import FiscalYear, Report
from core.pdf import render_round_report

from .package import index_header, index_rows
from .selectors import EVIDENCE_INDEX


@transaction.atomic
def evidence_index_report(fiscal_year: FiscalYear, round_: str, user: User | None = None) -> Report:
    """The index of all evidence of a fiscal year, per indicator and OIT item, as an archived PDF."""
    return render_round_report(
        kind=EVIDENCE_INDEX,
        title=_("Index of evidence per indicator and OIT item"),
        template_name="archive/pdf/evidence_index.html",
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
        context={"header": index_header(), "rows": index_rows(fiscal_year)},
    )
