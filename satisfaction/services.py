"""Writes of the satisfaction app: question-set versions, the one-time form token, storing a rating, the tallies."""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public_forms
from core.days import on_days
from core.models import FiscalYear
from core.public_forms import FormTokenError

from . import selectors
from .models import (
    MAX_QUESTIONS,
    DailyProfileTally,
    DailyTally,
    Question,
    QuestionSet,
    Recommendation,
    Response,
    ServicePoint,
    TallyWatermark,
)

FORM_TOKEN_SALT = "satisfaction.form"  # noqa: S105 - a namespace for signing, not a secret


def question_set_ensure(fiscal_year: FiscalYear) -> QuestionSet:
    """The latest version of the year's questions; a year without any gets version 1, made of the
    questions it starts with (the year before's, or the usual ones). Called when a fiscal year is
    created (signals.py), so the public form and the questions page only ever read."""
    current = selectors.question_set_latest(fiscal_year)
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return _question_set_create(fiscal_year, 1, selectors.questions_to_start_with(fiscal_year), user=None)
    except IntegrityError:  # another request created it first
        return fiscal_year.question_sets.get(version=1)


def _question_set_create(fiscal_year: FiscalYear, version: int, texts: list[str], user: User | None) -> QuestionSet:
    question_set = QuestionSet.objects.create(fiscal_year=fiscal_year, version=version, created_by=user)
    Question.objects.bulk_create(
        Question(question_set=question_set, position=position, text=text) for position, text in enumerate(texts, 1)
    )
    return question_set


TOO_MANY_QUESTIONS = _("A form has at most %(max)s questions.")
NO_QUESTIONS = _("A form needs at least one question.")
QUESTION_TOO_LONG = _("A question is longer than %(max)s characters.")
# Results add up the answers of questions with the same wording, so a question written twice
# would count every citizen's answers to it twice.
DUPLICATE_QUESTION = _("“%(text)s” is written more than once. Write each question only once.")


def question_texts_check(texts: list[str]) -> list[str]:
    """The questions of a new version, stripped and without blank lines; ValidationError if they cannot be one."""
    texts = [text.strip() for text in texts if text.strip()]
    if not texts:
        raise ValidationError(NO_QUESTIONS, code="none")
    if len(texts) > MAX_QUESTIONS:
        raise ValidationError(TOO_MANY_QUESTIONS, code="too_many", params={"max": MAX_QUESTIONS})
    longest = Question._meta.get_field("text").max_length
    if longest is not None and any(len(text) > longest for text in texts):
        raise ValidationError(QUESTION_TOO_LONG, code="too_long", params={"max": longest})
    seen: set[str] = set()
    for text in texts:
        if text in seen:
            raise ValidationError(DUPLICATE_QUESTION, code="duplicate", params={"text": text})
        seen.add(text)
    return texts


@transaction.atomic
def question_set_revise(*, fiscal_year: FiscalYear, texts: list[str], user: User) -> QuestionSet:
    """Publish edited questions as a new version; answers already given keep pointing at their version."""
    texts = question_texts_check(texts)
    current = question_set_ensure(fiscal_year)
    if list(current.questions.values_list("text", flat=True)) == texts:
        return current
    return _question_set_create(fiscal_year, current.version + 1, texts, user)


@dataclass(frozen=True)
class FormToken:
    nonce: str
    question_set_id: int


def blank_form_key(point: ServicePoint, question_set: QuestionSet) -> str:
    """What a blank form's fields depend on, as a cache key: rendering them is most of the page's cost.

    Editing the questions makes a new question-set version and editing the point's service types
    changes their digest, so a cached form never outlives what it shows.
    """
    service_types = hashlib.sha256("\n".join(point.service_type_choices).encode()).hexdigest()[:16]
    return f"{point.pk}:{question_set.pk}:{service_types}"


def form_token_issue(point: ServicePoint, question_set: QuestionSet) -> str:
    """A one-time token for filling in ``point``'s form with the questions of ``question_set``."""
    return public_forms.form_token_issue(FORM_TOKEN_SALT, point=point.pk, question_set=question_set.pk)


def form_token_read(token: str, point: ServicePoint) -> FormToken:
    """The nonce and question set of a token issued for ``point`` and still fresh; FormTokenError otherwise."""
    claims = public_forms.form_token_read(token, FORM_TOKEN_SALT, settings.SATISFACTION_FORM_MAX_AGE)
    if claims.get("point") != point.pk or not isinstance(claims.get("question_set"), int):
        raise FormTokenError
    return FormToken(nonce=claims["nonce"], question_set_id=claims["question_set"])


def response_submit(
    *,
    point: ServicePoint,
    question_set: QuestionSet,
    scores: dict[int, int],
    nonce: str,
    service_type: str = "",
    gender: str = "",
    age_band: str = "",
    comment: str = "",
) -> Response | None:
    """Store one rating; None when this form token was already used (a double tap or a replay)."""
    response = Response(
        service_point=point,
        question_set=question_set,
        submitted_at=timezone.now(),
        service_type=service_type,
        gender=gender,
        age_band=age_band,
        comment=comment,
        form_nonce=nonce,
        **{f"score_{position}": score for position, score in scores.items()},
    )
    try:
        with transaction.atomic():
            response.save(force_insert=True)
    except IntegrityError:
        if Response.objects.filter(form_nonce=nonce).exists():
            return None
        raise
    return response


def recommendation_save(*, fiscal_year: FiscalYear, round_: str, text: str, user: User) -> Recommendation:
    recommendation, _created = Recommendation.objects.get_or_create(fiscal_year=fiscal_year, round=round_)
    recommendation.text = text
    recommendation.updated_by = user
    recommendation.full_clean()
    recommendation.save()
    return recommendation


# A submission that started before midnight may commit just after it: a day is tallied only
# once this long has passed since it ended.
TALLY_GRACE = datetime.timedelta(minutes=10)


def tallies_refresh() -> datetime.date:
    """Tally every closed day not tallied yet; returns the watermark (the first day not tallied).

    Cheap when nothing is due (one indexed read); the first call of a day tallies the day before.
    """
    due = timezone.localtime(timezone.now() - TALLY_GRACE).date()
    watermark = TallyWatermark.objects.filter(pk=TallyWatermark.SINGLETON_PK).first()
    if watermark is not None and watermark.tallied_until >= due:
        return watermark.tallied_until
    with transaction.atomic():
        watermark, _created = TallyWatermark.objects.select_for_update().get_or_create(
            pk=TallyWatermark.SINGLETON_PK, defaults={"tallied_until": datetime.date.min}
        )
        if watermark.tallied_until < due:  # not done by a concurrent request meanwhile
            _tally_days(watermark.tallied_until, due)
            watermark.tallied_until = due
            watermark.save(update_fields=["tallied_until"])
    return watermark.tallied_until


def tallies_invalidate(since: datetime.date) -> None:
    """Forget the tallies from ``since`` on: call after storing responses dated in the past (imports, demo data)."""
    with transaction.atomic():
        watermark = TallyWatermark.objects.select_for_update().filter(pk=TallyWatermark.SINGLETON_PK).first()
        if watermark is None or watermark.tallied_until <= since:
            return
        DailyTally.objects.filter(day__gte=since).delete()
        DailyProfileTally.objects.filter(day__gte=since).delete()
        watermark.tallied_until = since
        watermark.save(update_fields=["tallied_until"])


def _tally_days(start: datetime.date, end: datetime.date) -> None:
    """Tally the responses of the days [start, end): one GROUP BY per question position, one for the profile."""
    first = start if start > datetime.date.min else None
    responses = Response.objects.filter(on_days("submitted_at", first, end - datetime.timedelta(days=1)))
    day = TruncDate("submitted_at", tzinfo=timezone.get_current_timezone())
    for position in sorted(set(Question.objects.values_list("position", flat=True))):
        score = f"score_{position}"
        rows = (
            responses.filter(**{f"{score}__isnull": False})
            .annotate(day=day)
            .order_by()
            .values("day", "service_point_id", "question_set_id", score)
            .annotate(count=Count("id"))
        )
        DailyTally.objects.bulk_create(
            (
                DailyTally(
                    day=row["day"],
                    service_point_id=row["service_point_id"],
                    question_set_id=row["question_set_id"],
                    position=position,
                    score=row[score],
                    count=row["count"],
                )
                for row in rows.iterator(chunk_size=5000)
            ),
            batch_size=5000,
            # Two first-of-the-day requests may tally the same day at once (SQLite cannot lock the
            # watermark row): their rows are identical, so the second one's are simply dropped.
            ignore_conflicts=True,
        )

    # Two first-of-the-day requests may tally the same day at once: see above.
    profile = (
        responses.annotate(day=day)
        .order_by()
        .values("day", "service_point_id", "gender", "age_band")
        .annotate(count=Count("id"))
    )
    DailyProfileTally.objects.bulk_create(
        (DailyProfileTally(**row) for row in profile.iterator(chunk_size=5000)), batch_size=5000, ignore_conflicts=True
    )
