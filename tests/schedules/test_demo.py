"""The demo year's ITA calendar: defaults, responsible people, the 6-month report done; safe to load twice."""

import io

import pytest
from django.core.management import call_command

from schedules.models import Deadline, DeadlineKind

pytestmark = pytest.mark.django_db


def test_the_demo_calendar():
    for _ in range(2):
        call_command("load_demo", "--users", stdout=io.StringIO())
    deadlines = {d.kind: d for d in Deadline.objects.filter(fiscal_year__year=2564).prefetch_related("responsible")}
    assert set(deadlines) == {DeadlineKind.OIT_SUBMISSION, DeadlineKind.EPLAN_6_MONTHS, DeadlineKind.EPLAN_12_MONTHS}
    six = deadlines[DeadlineKind.EPLAN_6_MONTHS]
    assert six.done_by.username == "staff"
    assert six.proof_url
    assert {u.username for u in deadlines[DeadlineKind.EPLAN_12_MONTHS].responsible.all()} == {"staff", "coordinator"}
    assert deadlines[DeadlineKind.EPLAN_12_MONTHS].done_at is None
