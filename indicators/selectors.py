"""Reads of the indicators app: measures with their derived status, readiness, the OIT checklist."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypedDict

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from core import selectors as core_selectors
from core.access import AnyUser, department_id_of, visible_to
from core.fiscal import Period
from core.models import FiscalYear

from . import scoring
from .models import Evidence, Indicator, Measure, MeasureStatus, OITItem, ReviewState, SubIndicator

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def fiscal_years_with_framework() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.filter(framework__isnull=False).order_by("-year")


def fiscal_year_chosen(raw: str | None) -> FiscalYear | None:
    """The year of ?year= among the years with a framework (None for one that has none), else the current
    one, else the newest (core.selectors.fiscal_year_chosen)."""
    return core_selectors.fiscal_year_chosen(raw, fiscal_years_with_framework())


class MeasureProgress(TypedDict):
    """What ``MeasureQuerySet.with_progress`` adds to each measure."""

    evidence_count: int
    approved_count: int
    status: str


MeasuresWithProgress: TypeAlias = "QuerySet[WithAnnotations[Measure, MeasureProgress]]"


def measures_visible(
    user: AnyUser, fiscal_year: FiscalYear, today: datetime.date | None = None
) -> MeasuresWithProgress:
    measures = Measure.objects.filter(indicator__framework__fiscal_year=fiscal_year)
    return (
        visible_to(measures, user)
        .with_progress(today)
        .select_related("indicator", "department", "responsible")
        .order_by("indicator__number", "number")
    )


def my_measures(user: User, fiscal_year: FiscalYear) -> MeasuresWithProgress:
    """The measures of the user's department, and any visible ones they are personally responsible for."""
    mine = Q(responsible=user)
    own = department_id_of(user)
    if own is not None:
        mine |= Q(department_id=own)
    measures = Measure.objects.filter(mine, indicator__framework__fiscal_year=fiscal_year)
    return (
        visible_to(measures, user)
        .with_progress()
        .select_related("indicator", "department", "responsible")
        .order_by("indicator__number", "number")
    )


def measure_get(user: AnyUser, pk: int) -> "WithAnnotations[Measure, MeasureProgress]":
    """One measure the user may see, with its status; 404 otherwise (no hint it exists)."""
    measure = (
        visible_to(Measure.objects.filter(pk=pk), user)
        .with_progress()
        .select_related("indicator__framework__fiscal_year", "department", "responsible")
        .first()
    )
    if measure is None:
        raise Http404
    return measure


def evidence_visible(user: AnyUser) -> QuerySet[Evidence]:
    return visible_to(Evidence.objects.all(), user).select_related(
        "measure__indicator", "oit_item", "department", "uploaded_by", "reviewed_by"
    )


def evidence_get(user: AnyUser, pk: int) -> Evidence:
    evidence = evidence_visible(user).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


def review_queue() -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(review_state=ReviewState.SUBMITTED)
        .select_related("measure__indicator", "oit_item", "department", "uploaded_by")
        .order_by("created_at")
    )


def indicator_progress(user: AnyUser, fiscal_year: FiscalYear) -> QuerySet[Indicator]:
    """Indicators of the year with counts of the user's visible measures per status."""
    measures = measures_visible(user, fiscal_year)

    def count(status: str | None = None) -> Count:
        subset = measures if status is None else measures.filter(status=status)
        return Count("measures", filter=Q(measures__in=subset.values("pk")))

    return (
        Indicator.objects.filter(framework__fiscal_year=fiscal_year)
        .annotate(
            measure_total=count(),
            measure_done=count(MeasureStatus.DONE),
            measure_in_progress=count(MeasureStatus.IN_PROGRESS),
            measure_overdue=count(MeasureStatus.OVERDUE),
        )
        .order_by("number")
    )


class OITState:
    PUBLISHED = "published"
    APPROVED = "approved"
    PENDING = "pending"
    MISSING = "missing"


class OITItemProgress(TypedDict):
    published_count: int
    approved_count: int
    pending_count: int
    state: str


def _oit_items(fiscal_year: FiscalYear) -> "QuerySet[WithAnnotations[OITItem, OITItemProgress]]":
    approved = Q(evidence__review_state=ReviewState.APPROVED)
    return (
        OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year=fiscal_year)
        .select_related("sub_indicator__indicator")
        .annotate(
            published_count=Count("evidence", filter=approved & Q(evidence__is_published=True)),
            approved_count=Count("evidence", filter=approved),
            pending_count=Count("evidence", filter=Q(evidence__review_state=ReviewState.SUBMITTED)),
        )
        .annotate(
            state=Case(
                When(published_count__gt=0, then=Value(OITState.PUBLISHED)),
                When(approved_count__gt=0, then=Value(OITState.APPROVED)),
                When(pending_count__gt=0, then=Value(OITState.PENDING)),
                default=Value(OITState.MISSING),
                output_field=CharField(),
            )
        )
        .order_by("number")
    )


@dataclass
class SubIndicatorScore:
    sub_indicator: SubIndicator
    items: list = field(default_factory=list)
    percent: Decimal = Decimal(0)

    @property
    def passed(self) -> int:
        return sum(1 for item in self.items if item.state == OITState.PUBLISHED)


@dataclass
class IndicatorScore:
    indicator: Indicator
    sub_scores: list[SubIndicatorScore] = field(default_factory=list)
    score: Decimal = Decimal(0)


def oit_checklist(user: AnyUser, fiscal_year: FiscalYear, *, public: bool = False) -> list[IndicatorScore]:
    """OIT items grouped by indicator and sub-indicator, each with its evidence and state, scored by
    ``indicators.scoring``.

    An item passes when approved evidence for it is published, as an assessor
    only accepts what is on the public site. ``public`` lists published
    evidence only, for citizens.
    """
    if public:
        shown = Evidence.objects.filter(review_state=ReviewState.APPROVED, is_published=True)
    else:
        shown = evidence_visible(user)
    items = _oit_items(fiscal_year).prefetch_related(
        Prefetch("evidence", queryset=shown.order_by("-effective_date"), to_attr="shown_evidence")
    )
    scores: dict[int, IndicatorScore] = {}
    subs: dict[int, SubIndicatorScore] = {}
    for item in items:
        sub = item.sub_indicator
        indicator_score = scores.setdefault(sub.indicator_id, IndicatorScore(sub.indicator))
        if sub.pk not in subs:
            subs[sub.pk] = SubIndicatorScore(sub)
            indicator_score.sub_scores.append(subs[sub.pk])
        subs[sub.pk].items.append(item)
    standing = scoring.OITStanding(
        tuple(
            scoring.ItemStanding(item.pk, str(sub_score.sub_indicator.pk), item.state == OITState.PUBLISHED)
            for sub_score in subs.values()
            for item in sub_score.items
        ),
        {str(sub_score.sub_indicator.pk): str(sub_score.sub_indicator.indicator_id) for sub_score in subs.values()},
    )
    for pk, percent in scoring.sub_indicator_scores(standing).items():
        subs[int(pk)].percent = percent
    for pk, score in scoring.oit_indicator_scores(standing).items():
        scores[int(pk)].score = score
    return sorted(scores.values(), key=lambda s: s.indicator.number)


def measures_report(fiscal_year: FiscalYear, period: Period) -> QuerySet[Indicator]:
    """The O43 report's content: every indicator with measures, and approved evidence of the period.

    Statuses are those at the end of the period (or today, for a round still running).
    """
    as_of = min(period.end, timezone.localdate())
    in_period = Evidence.objects.filter(
        review_state=ReviewState.APPROVED, effective_date__range=(period.start, period.end)
    ).order_by("effective_date")
    measures = (
        Measure.objects.with_progress(as_of)
        .select_related("department", "responsible")
        .prefetch_related(Prefetch("evidence", queryset=in_period, to_attr="period_evidence"))
        .order_by("number")
    )
    return (
        Indicator.objects.filter(framework__fiscal_year=fiscal_year)
        .filter(measures__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("measures", queryset=measures, to_attr="report_measures"))
        .order_by("number")
    )
