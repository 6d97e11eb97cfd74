"""Reads of the satisfaction app: which points a user sees, and the results aggregated in the database.

Every summary is, per question position, a count of each score (1–5); count, mean, distribution and
the share satisfied follow from those five numbers. Closed days are read from the daily tallies and
only the days since from the responses, so a page stays fast at millions of responses. Rows are
grouped by question-set version too and merged by question text, so editing the questions mid-year
never mixes the answers to two different questions. The respondent profile (gender, age band) is
counted the same way, from its own daily tally.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.access import visible_to
from core.cache import cached
from core.charts import Chart, Kind, Series
from core.days import in_period
from core.fiscal import Period, fiscal_year_of
from core.models import Department, FiscalYear

from .models import (
    DEFAULT_QUESTIONS,
    MAX_QUESTIONS,
    SATISFIED_FROM,
    AgeBand,
    DailyProfileTally,
    DailyTally,
    Gender,
    Question,
    QuestionSet,
    Response,
    ServicePoint,
    TallyWatermark,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCORES = (5, 4, 3, 2, 1)
NOT_STATED = _("Not stated")


def service_points_visible(user: User) -> QuerySet[ServicePoint]:
    return visible_to(ServicePoint.objects.select_related("department"), user)


def point_key(token: str) -> str:
    return f"satisfaction:point:{token}"


def current_questions_key(year: int) -> str:
    return f"satisfaction:current-questions:{year}"


def questions_key(question_set_id: int) -> str:
    return f"satisfaction:questions:{question_set_id}"


def service_point_by_token(token: str) -> ServicePoint | None:
    """The point a QR code leads to (cached: every rating reads it twice, the form and the answers)."""
    point = cached(point_key(token), lambda: ServicePoint.objects.filter(token=token).first(), keep_missing=False)
    if point is None and token != token.lower():
        # A phone capitalises the first letter of a typed address; tokens made now are lower case.
        return service_point_by_token(token.lower())
    return point


def question_set_version(pk: int) -> QuestionSet:
    """A version of the questions with its questions prefetched, cached; QuestionSet.DoesNotExist if unknown."""
    return cached(questions_key(pk), lambda: QuestionSet.objects.prefetch_related("questions").get(pk=pk))


def question_set_for_today() -> QuestionSet | None:
    """The questions a citizen answers today, prefetched and cached (every form view reads them): the
    newest version of this fiscal year's. In the first hours of a fiscal year, before the daily schedule
    has created it, the newest of the years before (their answers count where they fall, as a form
    opened on 30 September and sent on 1 October does); None only before any year has questions."""
    year = fiscal_year_of(timezone.localdate())
    newest = (
        QuestionSet.objects.filter(fiscal_year__year__lte=year)
        .prefetch_related("questions")
        .order_by("-fiscal_year__year", "-version")
    )
    return cached(current_questions_key(year), newest.first, keep_missing=False)


def question_set_latest(fiscal_year: FiscalYear) -> QuestionSet | None:
    return fiscal_year.question_sets.order_by("-version").first()


def questions_to_start_with(fiscal_year: FiscalYear) -> list[str]:
    """What a year without questions starts with: the latest questions of the years before, else the usual ones."""
    before = QuestionSet.objects.filter(fiscal_year__year__lt=fiscal_year.year).order_by(
        "-fiscal_year__year", "-version"
    )
    template = before.first()
    return list(template.questions.values_list("text", flat=True)) if template else list(DEFAULT_QUESTIONS)


def questions_of(fiscal_year: FiscalYear) -> tuple[QuestionSet | None, list[str]]:
    """The year's latest version and its questions; without one yet, None and the questions it would start with."""
    latest = question_set_latest(fiscal_year)
    if latest is None:
        return None, questions_to_start_with(fiscal_year)
    return latest, list(latest.questions.values_list("text", flat=True))


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
class DepartmentResult:
    department: Department
    responses: int
    overall: Tally


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    pct: float


@dataclass
class Profile:
    """Who answered: respondents per gender and per age band, "not stated" last."""

    gender: list[ProfileRow]
    age_band: list[ProfileRow]

    @property
    def tables(self) -> list[tuple[str, "StrOrPromise", list[ProfileRow]]]:
        """(key, heading, rows) of each table, in the order the page, the CSV and the O16 report print them."""
        return [("gender", _("Gender"), self.gender), ("age_band", _("Age"), self.age_band)]


@dataclass
class Results:
    respondents: int
    questions: list[Tally]
    points: list[PointResult]
    departments: list[DepartmentResult]
    # When the figures were read: every response sent until then is counted (tallied days and live).
    as_of: datetime.datetime
    profile: Profile | None = None  # asked for with results(..., with_profile=True)


def _means_chart(key: str, title: str, category_title: str, means: list[tuple[str, float | None]]) -> Chart:
    return Chart(
        key=key,
        kind=Kind.HORIZONTAL_BAR,
        title=title,
        categories=[label for label, _mean in means],
        series=[Series(gettext("Mean (of 5)"), [mean for _label, mean in means])],
        category_title=category_title,
        unit=gettext("Mean score, 5 = very high"),
        decimals=2,
        scale=(0, 5),
    )


def question_means_chart(outcome: Results) -> Chart:
    """The mean score of each question, as the results page and the O16 report draw it."""
    means = [(tally.label, tally.mean) for tally in outcome.questions]
    return _means_chart("means-by-question", gettext("Mean score by question"), gettext("Question"), means)


def point_means_chart(outcome: Results) -> Chart:
    """The mean score of each service point over every question."""
    means = [(result.point.name, result.overall.mean) for result in outcome.points]
    return _means_chart("means-by-point", gettext("Mean score by service point"), gettext("Service point"), means)


def responses_in(points: QuerySet[ServicePoint], period: Period) -> QuerySet[Response]:
    return Response.objects.filter(in_period("submitted_at", period), service_point__in=points)


def _score_counts(positions: list[int]) -> dict:
    return {
        f"s{position}_{score}": Count("id", filter=Q(**{f"score_{position}": score}))
        for position in positions
        for score in SCORES
    }


def tallied_until() -> datetime.date:
    """The first day whose responses are not in DailyTally yet (services.tallies_refresh moves it on)."""
    found = TallyWatermark.objects.filter(pk=TallyWatermark.SINGLETON_PK).values_list("tallied_until", flat=True)
    return found.first() or datetime.date.min


def _split_at_watermark(period: Period) -> tuple[Period | None, Period | None]:
    """The part of the period read from the daily tallies (closed days) and the part read from the responses."""
    until = tallied_until()
    tallied = None
    if until > datetime.date.min and period.start < until:
        tallied = Period(period.start, min(period.end, until - datetime.timedelta(days=1)))
    live = Period(max(period.start, until), period.end) if period.end >= until else None
    return tallied, live


def _score_counts_by_group(
    points: QuerySet[ServicePoint], tallied: Period | None, live: Period | None
) -> dict[tuple[int, int], dict]:
    """{(point id, question-set id): {"responses": n, position: {score: count}}} for the two parts of a period.

    Every position: which question-set versions were answered is known only from the counts.
    """
    positions = list(range(1, MAX_QUESTIONS + 1))
    groups: dict[tuple[int, int], dict] = {}

    def group(point_id: int, set_id: int) -> dict:
        return groups.setdefault(
            (point_id, set_id), {"responses": 0, **{p: dict.fromkeys(SCORES, 0) for p in positions}}
        )

    if tallied is not None:
        for point_id, set_id, position, score, count in (
            DailyTally.objects.filter(service_point__in=points, day__gte=tallied.start, day__lte=tallied.end)
            .order_by()
            .values_list("service_point_id", "question_set_id", "position", "score")
            .annotate(n=Sum("count"))
        ):
            counts = group(point_id, set_id)
            counts[position][score] += count
            if position == 1:  # every question is required: the first one counts the responses
                counts["responses"] += count
    if live is not None:
        for row in (
            responses_in(points, live)
            .order_by()
            .values("service_point", "question_set")
            .annotate(responses=Count("id"), **_score_counts(positions))
        ):
            counts = group(row["service_point"], row["question_set"])
            counts["responses"] += row["responses"]
            for position in positions:
                for score in SCORES:
                    # The plugin types a values() row by keyword names only; these come from _score_counts.
                    counts[position][score] += row[f"s{position}_{score}"]  # type: ignore[literal-required]
    return groups


def results(
    fiscal_year: FiscalYear,
    points: QuerySet[ServicePoint],
    period: Period,
    question: str = "",
    *,
    with_profile: bool = False,
) -> Results:
    """Counts, means, distributions and shares satisfied per question, point and department, and on
    request the respondent profile.

    At most five queries whatever the number of responses (seven with the profile): the watermark,
    the points, the score counts (tallies, then the days since), the questions, the profile counts.
    """
    as_of = timezone.now()
    tallied, live = _split_at_watermark(period)
    points_by_id = {point.pk: point for point in points}
    groups = _score_counts_by_group(points, tallied, live)
    # The questions of the year, and of every version answered in the period: a form opened on
    # 30 September and sent on 1 October answered the previous year's questions.
    questions = list(
        Question.objects.filter(
            Q(question_set__fiscal_year=fiscal_year) | Q(question_set__in={set_id for _point, set_id in groups})
        ).order_by("-question_set__fiscal_year__year", "-question_set__version", "position")
    )
    texts_by_set: dict[int, dict[int, str]] = {}
    for item in questions:
        texts_by_set.setdefault(item.question_set_id, {})[item.position] = item.text
    order = list(dict.fromkeys(item.text for item in questions if not question or item.text == question))

    per_question = {text: Tally(text) for text in order}
    per_point: dict[int, PointResult] = {}
    for (point_id, set_id), counts in groups.items():
        result = per_point.get(point_id)
        if result is None:
            result = per_point[point_id] = PointResult(
                points_by_id[point_id], 0, Tally(""), {text: Tally(text) for text in order}
            )
        result.responses += counts["responses"]
        for position, text in texts_by_set.get(set_id, {}).items():
            if text not in per_question:
                continue
            per_question[text].add(counts[position])
            result.questions[text].add(counts[position])
            result.overall.add(counts[position])
    ordered_points = sorted(per_point.values(), key=lambda r: (r.point.department.order, r.point.name))
    return Results(
        respondents=sum(r.responses for r in ordered_points),
        questions=list(per_question.values()),
        points=ordered_points,
        departments=_by_department(ordered_points),
        as_of=as_of,
        profile=_respondent_profile(points, tallied, live) if with_profile else None,
    )


def _by_department(point_results: list[PointResult]) -> list[DepartmentResult]:
    """The per-point totals added up per department (a few dozen points: nothing left to the database)."""
    departments: dict[int, DepartmentResult] = {}
    for result in point_results:
        department = result.point.department
        total = departments.setdefault(department.pk, DepartmentResult(department, 0, Tally(department.name)))
        total.responses += result.responses
        total.overall.add(result.overall.counts)
    return list(departments.values())


def _respondent_profile(points: QuerySet[ServicePoint], tallied: Period | None, live: Period | None) -> Profile:
    """Respondents per gender and per age band, from the daily profile tally and the responses since."""
    rows: list[Mapping[str, Any]] = []
    if tallied is not None:
        rows += (
            DailyProfileTally.objects.filter(service_point__in=points, day__gte=tallied.start, day__lte=tallied.end)
            .order_by()
            .values("gender", "age_band")
            .annotate(n=Sum("count"))
        )
    if live is not None:
        rows += responses_in(points, live).order_by().values("gender", "age_band").annotate(n=Count("id"))
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["gender"], row["age_band"])
        counts[key] = counts.get(key, 0) + row["n"]
    total = sum(counts.values())

    def table(choices: Iterable[tuple[str, "StrOrPromise"]], index: int) -> list[ProfileRow]:
        labels = dict([*choices, ("", NOT_STATED)])
        per_value = dict.fromkeys(labels, 0)
        for key, count in counts.items():
            per_value[key[index] if key[index] in labels else ""] += count
        return [
            ProfileRow(str(labels[value]), count, 100 * count / total if total else 0.0)
            for value, count in per_value.items()
        ]

    return Profile(gender=table(Gender.choices, 0), age_band=table(AgeBand.choices, 1))


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
