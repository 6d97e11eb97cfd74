"""The O16 round report: satisfaction results of a fiscal year's round, generated as a PDF and kept as evidence."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from core.fiscal import Round, round_period
from core.models import FiscalYear, Report
from core.pdf import render_report
from indicators.models import Measure
from indicators.services import evidence_from_report

from . import selectors, services
from .models import Recommendation, ServicePoint

O16 = "O16"
O16_KIND = "o16"
O16_TEMPLATE = "satisfaction/pdf/o16_report.html"
# The PDF lists the latest comments; the results page pages through all of them.
REPORT_COMMENTS = 200


def o16_measures(fiscal_year: FiscalYear):
    return Measure.objects.filter(indicator__framework__fiscal_year=fiscal_year, oit_items__code=O16).distinct()


def o16_context(fiscal_year: FiscalYear, round_: str) -> dict:
    """What the O16 template prints for a round: results, profile, charts, comments and suggestions."""
    period = round_period(fiscal_year.year, round_)
    services.tallies_refresh()
    points = ServicePoint.objects.select_related("department")
    outcome = selectors.results(fiscal_year, points, period, with_profile=True)
    recommendation = Recommendation.objects.filter(fiscal_year=fiscal_year, round=round_).first()
    comments = selectors.comments(points, period)
    return {
        "title": _("Report on service satisfaction"),
        "fiscal_year": fiscal_year,
        "round_label": Round(round_).label,
        "period": period,
        "results": outcome,
        "profile": outcome.profile,
        "question_chart": selectors.question_means_chart(outcome),
        "point_chart": selectors.point_means_chart(outcome),
        "comments": comments[:REPORT_COMMENTS],
        "comment_count": comments.count(),
        "recommendation": recommendation.text if recommendation else "",
    }


@transaction.atomic
def o16_report(fiscal_year: FiscalYear, round_: str, user: User | None = None) -> Report:
    context = o16_context(fiscal_year, round_)
    report = render_report(
        kind=O16_KIND,
        title=f"{context['title']} {context['round_label']} {fiscal_year.year}",
        template_name=O16_TEMPLATE,
        context=context,
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
    )
    evidence_from_report(report, oit_code=O16, measures=o16_measures(fiscal_year), user=user)
    return report
