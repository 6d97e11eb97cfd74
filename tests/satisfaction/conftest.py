"""Fixtures of the satisfaction tests: service points in two departments and a way to fill in the form."""

import datetime
import re

import pytest
from django.utils import timezone

from core.fiscal import fiscal_year_of
from core.models import FiscalYear
from satisfaction import selectors, services
from satisfaction.models import QuestionSet, Response, ServicePoint


@pytest.fixture
def this_year(db) -> FiscalYear:
    """The current fiscal year with its questions, as the daily schedule creates it: pages never do."""
    return FiscalYear.objects.get_or_create(year=fiscal_year_of(timezone.localdate()))[0]


@pytest.fixture
def point(db, organisation, own_department, this_year) -> ServicePoint:
    return ServicePoint.objects.create(name="งานทะเบียนราษฎร", department=own_department, location="ชั้น 1")


@pytest.fixture
def other_point(db, other_department) -> ServicePoint:
    return ServicePoint.objects.create(name="งานจัดเก็บรายได้", department=other_department)


def form_token_of(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def answers(token: str, score: int | str = 5, **extra) -> dict:
    data = {"form_token": token, **{f"q{position}": str(score) for position in range(1, 7)}}
    return data | extra


def add_responses(
    point: ServicePoint,
    scores: list[int],
    when: datetime.datetime | None = None,
    question_set: QuestionSet | None = None,
    **extra,
) -> None:
    """Responses to every question with the given scores (one response per score), stored directly."""
    question_set = question_set or selectors.question_set_for_today()
    moment = when or timezone.now()
    Response.objects.bulk_create(
        Response(
            service_point=point,
            question_set=question_set,
            submitted_at=moment,
            **{f"score_{position}": score for position in range(1, 7)},
            **extra,
        )
        for score in scores
    )
    services.tallies_invalidate(timezone.localtime(moment).date())
