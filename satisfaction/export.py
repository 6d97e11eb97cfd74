"""The results as export rows (CSV and XLSX alike): the results page's tables one after the other, with the same
numbers: means and percentages as Decimals at two places, dates as dates."""

from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.fiscal import Period
from core.models import FiscalYear

from . import selectors
from .models import ServicePoint

HUNDREDTHS = Decimal("0.01")


def results_export_rows(
    fiscal_year: FiscalYear, points: QuerySet[ServicePoint], period: Period, question: str
) -> Iterator[list]:
    """What the results page shows for these filters (percentages to two decimals), then its comments."""
    outcome = selectors.results(fiscal_year, points, period, question, with_profile=True)
    yield [_("Fiscal year"), fiscal_year.year, _("From"), period.start, _("To"), period.end]
    yield [_("Respondents"), outcome.respondents]
    yield [_("As of"), outcome.as_of]
    yield []
    distribution = [*(str(score) for score in selectors.SCORES), *(f"{score} (%)" for score in selectors.SCORES)]
    yield [_("Question"), _("Answers"), _("Mean"), _("Satisfied (%)"), *distribution]
    for tally in outcome.questions:
        yield [tally.label, tally.n, *_tally_cells(tally)]
    yield []
    yield [_("Service point"), _("Department"), _("Responses"), _("Mean"), _("Satisfied (%)"), *distribution]
    for result in outcome.points:
        yield [result.point.name, result.point.department.name, result.responses, *_tally_cells(result.overall)]
    yield []
    yield [_("Department"), _("Responses"), _("Mean"), _("Satisfied (%)")]
    for department in outcome.departments:
        yield [department.department.name, department.responses, *_tally_cells(department.overall)[:2]]
    yield []
    for _key, heading, rows in outcome.profile.tables:
        yield [heading, _("Respondents"), _("Share (%)")]
        for row in rows:
            yield [row.label, row.count, _fmt(row.pct)]
        yield []
    yield [_("Submitted at"), _("Service point"), _("Service received"), _("Comment")]
    for response in selectors.comments(points, period).iterator(chunk_size=2000):
        yield [response.submitted_at, response.service_point.name, response.service_type, response.comment]


def _tally_cells(tally: selectors.Tally) -> list:
    """Mean, share satisfied, then the count and the percentage of each score from 5 down."""
    counts = [count for _score, count, _pct in tally.distribution]
    percents = [_fmt(pct) if tally.n else None for _score, _count, pct in tally.distribution]
    return [_fmt(tally.mean), _fmt(tally.satisfied_pct), *counts, *percents]


def _fmt(value: float | None) -> Decimal | None:
    """Two places, the digits ``f"{value:.2f}"`` gives (half-even on the float's exact value), kept a number."""
    return None if value is None else Decimal(value).quantize(HUNDREDTHS, rounding=ROUND_HALF_EVEN)
