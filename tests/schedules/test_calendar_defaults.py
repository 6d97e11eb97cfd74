"""The default ITA calendar of a fiscal year and the round arithmetic across fiscal-year boundaries."""

import datetime

import pytest
from django.core.management import call_command

from core.fiscal import Round, fiscal_year_of
from core.models import FiscalYear
from schedules.defaults import default_deadlines
from schedules.models import Deadline, DeadlineKind
from schedules.services import deadlines_ensure_defaults, round_just_closed


def _dates(year: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    return {spec.kind: (spec.starts_on, spec.due_on) for spec in default_deadlines(year)}


def test_e_plan_rounds_of_fy2564_follow_the_announcement():
    dates = _dates(2564)  # FY2564 = 1 Oct 2020 – 30 Sep 2021
    assert dates[DeadlineKind.EPLAN_6_MONTHS] == (datetime.date(2021, 4, 1), datetime.date(2021, 4, 30))
    assert dates[DeadlineKind.EPLAN_12_MONTHS] == (datetime.date(2021, 10, 1), datetime.date(2021, 10, 31))
    assert dates[DeadlineKind.OIT_SUBMISSION] == (datetime.date(2021, 3, 1), datetime.date(2021, 4, 30))


def test_the_12_month_report_falls_in_the_next_fiscal_year_but_belongs_to_its_own():
    for year in (2564, 2565, 2570):
        dates = _dates(year)
        six_due = dates[DeadlineKind.EPLAN_6_MONTHS][1]
        twelve_due = dates[DeadlineKind.EPLAN_12_MONTHS][1]
        assert fiscal_year_of(six_due) == year
        assert fiscal_year_of(twelve_due) == year + 1
        assert twelve_due == datetime.date(year - 543, 10, 31)
        # next year's 6-month report comes six months after this year's 12-month one
        assert _dates(year + 1)[DeadlineKind.EPLAN_6_MONTHS][1] == datetime.date(year - 542, 4, 30)


@pytest.mark.parametrize(
    ("today", "closed"),
    [
        (datetime.date(2021, 4, 1), (2564, Round.FIRST_HALF)),  # the schedule's 1 April run
        (datetime.date(2021, 9, 30), (2564, Round.FIRST_HALF)),
        (datetime.date(2021, 10, 1), (2564, Round.FULL_YEAR)),  # the 1 October run is about the year just ended
        (datetime.date(2022, 3, 31), (2564, Round.FULL_YEAR)),
        (datetime.date(2022, 4, 1), (2565, Round.FIRST_HALF)),
        (datetime.date(2020, 12, 31), (2563, Round.FULL_YEAR)),
    ],
)
def test_the_round_just_closed(today, closed):
    assert round_just_closed(today) == closed


def test_a_new_fiscal_year_gets_its_calendar_and_the_command_is_idempotent(db):
    year = FiscalYear.objects.create(year=2566)
    assert set(Deadline.objects.filter(fiscal_year=year).values_list("kind", flat=True)) == {
        DeadlineKind.OIT_SUBMISSION,
        DeadlineKind.EPLAN_6_MONTHS,
        DeadlineKind.EPLAN_12_MONTHS,
    }
    edited = Deadline.objects.get(fiscal_year=year, kind=DeadlineKind.OIT_SUBMISSION)
    edited.due_on = datetime.date(2023, 5, 15)
    edited.title = "OIT แก้ไขโดยผู้ประสานงาน"
    edited.save()

    call_command("setup_schedules", verbosity=0)
    assert deadlines_ensure_defaults(year) == 0
    assert Deadline.objects.filter(fiscal_year=year).count() == 3
    edited.refresh_from_db()
    assert (edited.title, edited.due_on) == ("OIT แก้ไขโดยผู้ประสานงาน", datetime.date(2023, 5, 15))


def test_default_titles_are_stored_in_thai(db):
    year = FiscalYear.objects.create(year=2567)
    titles = list(Deadline.objects.filter(fiscal_year=year).values_list("title", flat=True))
    assert len(titles) == 3
    assert all(title.endswith("ปีงบประมาณ พ.ศ. 2567") for title in titles)
    assert sum("e-PlanNACC" in title for title in titles) == 2
