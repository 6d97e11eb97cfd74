"""Reads of the satisfaction app: which points a user sees, and the results aggregated in the database.

Every summary is one GROUP BY over the responses with, per question position, a count of each score
(1–5); count, mean, distribution and the share satisfied follow from those five numbers. Rows are
grouped by question-set version too and merged by question text, so editing the questions mid-year
never mixes the answers to two different questions.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from core.access import visible_to
from core.fiscal import Period
from core.models import FiscalYear

from .models import SATISFIED_FROM, Question, Response, ServicePoint

SCORES = (5, 4, 3, 2, 1)


def service_points_visible(user: User) -> QuerySet[ServicePoint]:
    return visible_to(ServicePoint.objects.select_related("department"), user)


def service_point_by_token(token: str) -> ServicePoint | None:
    return ServicePoint.objects.filter(token=token).first()


@dataclass
class Tally:
    """How many answers gave each score, and what follows from that."""

    label: str
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))

    def add(self, counts: dict[int, int]) -> None:
        for score in SCORES:
            self.counts[score] += counts[score]

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        return sum(score * count for score, count in self.counts.items()) / self.n if self.n else None

    @property
    def satisfied_pct(self) -> float | None:
        satisfied = sum(count for score, count in self.counts.items() if score >= SATISFIED_FROM)
        return 100 * satisfied / self.n if self.n else None

    @property
    def distribution(self) -> list[tuple[int, int, float]]:
        """(score, count, percent) from the highest score down."""
        return [(score, self.counts[score], 100 * self.counts[score] / self.n if self.n else 0.0) for score in SCORES]


@dataclass
class PointResult:
    point: ServicePoint
    responses: int
    overall: Tally
    questions: dict[str, Tally]


@dataclass
class Results:
    respondents: int
    questions: list[Tally]
    points: list[PointResult]


def period_bounds(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as an aware [start, end) range, so the submitted_at indexes apply."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def responses_in(points: QuerySet[ServicePoint], period: Period) -> QuerySet[Response]:
    start, end = period_bounds(period)
    return Response.objects.filter(service_point__in=points, submitted_at__gte=start, submitted_at__lt=end)


def _score_counts(positions: list[int]) -> dict:
    return {
        f"s{position}_{score}": Count("id", filter=Q(**{f"score_{position}": score}))
        for position in positions
        for score in SCORES
    }


def results(fiscal_year: FiscalYear, points: QuerySet[ServicePoint], period: Period, question: str = "") -> Results:
    """Counts, means, distributions and shares satisfied per question and per point, in three queries."""
    questions = list(
        Question.objects.filter(question_set__fiscal_year=fiscal_year).order_by("-question_set__version", "position")
    )
    texts_by_set: dict[int, dict[int, str]] = {}
    for item in questions:
        texts_by_set.setdefault(item.question_set_id, {})[item.position] = item.text
    order = list(dict.fromkeys(item.text for item in questions if not question or item.text == question))
    positions = sorted({item.position for item in questions})

    rows = (
        responses_in(points, period)
        .order_by()
        .values("service_point", "question_set")
        .annotate(responses=Count("id"), **_score_counts(positions))
    )
    per_question = {text: Tally(text) for text in order}
    per_point: dict[int, PointResult] = {}
    points_by_id = {point.pk: point for point in points} if rows else {}
    for row in rows:
        result = per_point.get(row["service_point"])
        if result is None:
            result = per_point[row["service_point"]] = PointResult(
                points_by_id[row["service_point"]], 0, Tally(""), {text: Tally(text) for text in order}
            )
        result.responses += row["responses"]
        for position, text in texts_by_set.get(row["question_set"], {}).items():
            if text not in per_question:
                continue
            counts = {score: row[f"s{position}_{score}"] for score in SCORES}
            per_question[text].add(counts)
            result.questions[text].add(counts)
            result.overall.add(counts)
    ordered_points = sorted(per_point.values(), key=lambda r: (r.point.department.order, r.point.name))
    return Results(
        respondents=sum(r.responses for r in ordered_points),
        questions=list(per_question.values()),
        points=ordered_points,
    )


def comments(points: QuerySet[ServicePoint], period: Period) -> QuerySet[Response]:
    return (
        responses_in(points, period)
        .exclude(comment="")
        .select_related("service_point")
        .only("submitted_at", "comment", "service_type", "service_point__name")
        .order_by("-submitted_at")
    )


def question_texts(fiscal_year: FiscalYear) -> list[str]:
    texts = Question.objects.filter(question_set__fiscal_year=fiscal_year).order_by(
        "-question_set__version", "position"
    )
    return list(dict.fromkeys(texts.values_list("text", flat=True)))
