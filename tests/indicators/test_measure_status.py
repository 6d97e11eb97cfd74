"""A measure's status is derived in the database from its evidence and due date."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Evidence, Measure, MeasureStatus, ReviewState
from indicators.selectors import indicator_progress
from tests.conftest import make_measure

DUE = datetime.date(2021, 9, 30)
BEFORE_DUE = datetime.date(2021, 6, 1)
AFTER_DUE = datetime.date(2021, 10, 15)


def add_evidence(measure: Measure, user, state: str = ReviewState.SUBMITTED, n: int = 1) -> None:
    for i in range(n):
        Evidence.objects.create(
            measure=measure,
            department=measure.department,
            title=f"หลักฐาน {i}",
            effective_date=datetime.date(2021, 3, 1),
            url=f"https://example.com/{measure.pk}/{i}",
            uploaded_by=user,
            review_state=state,
        )


def status_of(measure: Measure, today: datetime.date) -> str:
    return Measure.objects.with_progress(today=today).get(pk=measure.pk).status


def test_no_evidence_before_the_due_date_is_not_started(measure):
    annotated = Measure.objects.with_progress(today=BEFORE_DUE).get(pk=measure.pk)
    assert annotated.status == MeasureStatus.NOT_STARTED
    assert (annotated.evidence_count, annotated.approved_count) == (0, 0)


def test_submitted_evidence_is_in_progress(measure, users):
    add_evidence(measure, users["staff"])
    assert status_of(measure, BEFORE_DUE) == MeasureStatus.IN_PROGRESS


def test_returned_evidence_keeps_the_measure_in_progress(measure, users):
    add_evidence(measure, users["staff"], ReviewState.RETURNED)
    assert status_of(measure, BEFORE_DUE) == MeasureStatus.IN_PROGRESS


def test_one_approved_piece_makes_a_measure_that_needs_one_done(measure, users):
    add_evidence(measure, users["staff"], ReviewState.APPROVED)
    annotated = Measure.objects.with_progress(today=BEFORE_DUE).get(pk=measure.pk)
    assert annotated.status == MeasureStatus.DONE
    assert (annotated.evidence_count, annotated.approved_count) == (1, 1)


def test_a_measure_needing_two_approvals_is_in_progress_after_one(fiscal_year, own_department, users):
    measure = make_measure(fiscal_year, own_department, 1, evidence_required=2)
    add_evidence(measure, users["staff"], ReviewState.APPROVED)
    add_evidence(measure, users["staff"], ReviewState.SUBMITTED)
    assert status_of(measure, BEFORE_DUE) == MeasureStatus.IN_PROGRESS

    add_evidence(measure, users["staff"], ReviewState.APPROVED)
    assert status_of(measure, BEFORE_DUE) == MeasureStatus.DONE


@pytest.mark.parametrize("state", [None, ReviewState.SUBMITTED, ReviewState.RETURNED])
def test_past_the_due_date_and_not_done_is_overdue(measure, users, state):
    if state:
        add_evidence(measure, users["staff"], state)
    assert status_of(measure, AFTER_DUE) == MeasureStatus.OVERDUE
    # On the due date itself it is not overdue yet.
    assert status_of(measure, DUE) != MeasureStatus.OVERDUE


def test_done_beats_overdue(measure, users):
    add_evidence(measure, users["staff"], ReviewState.APPROVED)
    assert status_of(measure, AFTER_DUE) == MeasureStatus.DONE


def test_a_measure_without_due_date_is_never_overdue(fiscal_year, own_department):
    measure = make_measure(fiscal_year, own_department, 1, due_date=None)
    assert status_of(measure, datetime.date(2030, 1, 1)) == MeasureStatus.NOT_STARTED


def test_evidence_of_another_measure_does_not_count(measure, other_measure, users):
    add_evidence(other_measure, users["other_staff"], ReviewState.APPROVED)
    assert status_of(measure, BEFORE_DUE) == MeasureStatus.NOT_STARTED
    assert status_of(other_measure, BEFORE_DUE) == MeasureStatus.DONE


@pytest.fixture
def progress_measures(fiscal_year, own_department, other_department, users):
    """Indicator 1: own dept done + in progress, other dept overdue. Indicator 2: own dept not started."""
    past = datetime.date(2020, 10, 1)
    done = make_measure(fiscal_year, own_department, 1)
    add_evidence(done, users["staff"], ReviewState.APPROVED)
    in_progress = make_measure(fiscal_year, own_department, 2, due_date=datetime.date(2099, 9, 30))
    add_evidence(in_progress, users["staff"])
    make_measure(fiscal_year, other_department, 3, due_date=past)
    make_measure(fiscal_year, own_department, 1, indicator=2, due_date=datetime.date(2099, 9, 30))


def _progress(user, fiscal_year) -> dict[int, tuple[int, int, int, int]]:
    return {
        i.number: (i.measure_total, i.measure_done, i.measure_in_progress, i.measure_overdue)
        for i in indicator_progress(user, fiscal_year)
    }


@pytest.mark.usefixtures("progress_measures")
def test_indicator_progress_counts_every_measure_for_the_coordinator(fiscal_year, users):
    progress = _progress(users["coordinator"], fiscal_year)
    assert len(progress) == 10
    assert progress[1] == (3, 1, 1, 1)
    assert progress[2] == (1, 0, 0, 0)
    assert all(progress[n] == (0, 0, 0, 0) for n in range(3, 11))


@pytest.mark.usefixtures("progress_measures")
def test_indicator_progress_counts_only_the_staff_members_department(fiscal_year, users):
    assert _progress(users["staff"], fiscal_year)[1] == (2, 1, 1, 0)
    assert _progress(users["staff"], fiscal_year)[2] == (1, 0, 0, 0)
    assert _progress(users["other_staff"], fiscal_year)[1] == (1, 0, 0, 1)
    assert _progress(users["other_staff"], fiscal_year)[2] == (0, 0, 0, 0)


def _measure_list_queries(client, user, fiscal_year, department, count: int) -> tuple[int, str]:
    Measure.objects.all().delete()
    for i in range(count):
        measure = make_measure(fiscal_year, department, i // 8 + 1, indicator=i % 8 + 1)
        add_evidence(measure, user, [ReviewState.APPROVED, ReviewState.SUBMITTED, ReviewState.RETURNED][i % 3])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/measures/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_measure_list_query_count_does_not_grow_with_its_rows(client, fiscal_year, own_department, users):
    Evidence.objects.all().delete()
    client.force_login(users["staff"])
    client.get("/measures/")  # the organisation's profile is cached by the first page: not what is measured here

    few, few_page = _measure_list_queries(client, users["staff"], fiscal_year, own_department, 3)
    Evidence.objects.all().delete()
    many, many_page = _measure_list_queries(client, users["staff"], fiscal_year, own_department, 30)

    assert few_page.count("มาตรการทดสอบที่") == 3
    assert many_page.count("มาตรการทดสอบที่") == 30
    assert few == many


def test_evidence_dated_after_the_day_asked_about_does_not_count(measure, users):
    add_evidence(measure, users["staff"], ReviewState.APPROVED)  # dated 2021-03-01
    assert status_of(measure, datetime.date(2021, 2, 28)) == MeasureStatus.NOT_STARTED
    assert status_of(measure, datetime.date(2021, 3, 1)) == MeasureStatus.DONE


def test_measures_report_gives_the_status_at_the_end_of_the_round(measure, users, fiscal_year):
    from core.fiscal import Round, round_period
    from indicators.selectors import measures_report

    Evidence.objects.create(
        measure=measure,
        department=measure.department,
        title="อนุมัติหลังสิ้นรอบแรก",
        effective_date=datetime.date(2021, 5, 1),
        url="https://example.com/late",
        uploaded_by=users["staff"],
        review_state=ReviewState.APPROVED,
    )

    def report_status(round_: str) -> str:
        indicators = measures_report(fiscal_year, round_period(2564, round_))
        return next(m.status for i in indicators for m in i.report_measures if m.pk == measure.pk)

    assert report_status(Round.FIRST_HALF) == MeasureStatus.NOT_STARTED
    assert report_status(Round.FULL_YEAR) == MeasureStatus.DONE


def test_my_measures_of_a_user_without_a_role_is_empty(measure, users, fiscal_year):
    from indicators.selectors import my_measures

    assert list(my_measures(users["no_role"], fiscal_year)) == []
    assert [m.pk for m in my_measures(users["staff"], fiscal_year)] == [measure.pk]
