"""Fiscal-year arithmetic: 1 October – 30 September, named by the Buddhist-era year."""

import datetime

import pytest

from core.fiscal import Period, Round, fiscal_year_of, fiscal_year_period, round_period


@pytest.mark.parametrize(
    ("day", "year_be"),
    [
        (datetime.date(2020, 9, 30), 2563),
        (datetime.date(2020, 10, 1), 2564),
        (datetime.date(2020, 12, 31), 2564),
        (datetime.date(2021, 1, 1), 2564),
        (datetime.date(2021, 9, 30), 2564),
        (datetime.date(2021, 10, 1), 2565),
    ],
)
def test_fiscal_year_of_at_the_boundaries(day, year_be):
    assert fiscal_year_of(day) == year_be


def test_fiscal_year_period_runs_october_to_september():
    assert fiscal_year_period(2564) == Period(datetime.date(2020, 10, 1), datetime.date(2021, 9, 30))


def test_first_half_round_ends_in_march():
    assert round_period(2564, "h1") == Period(datetime.date(2020, 10, 1), datetime.date(2021, 3, 31))
    assert round_period(2564, Round.FIRST_HALF) == round_period(2564, "h1")


def test_full_year_round_is_the_whole_fiscal_year():
    assert round_period(2564, "full") == fiscal_year_period(2564)
    assert round_period(2564, Round.FULL_YEAR) == fiscal_year_period(2564)


@pytest.mark.parametrize("round_", ["h2", "", "H1", "q1"])
def test_unknown_round_raises(round_):
    with pytest.raises(ValueError, match="unknown round"):
        round_period(2564, round_)


def test_period_contains_its_ends_and_nothing_outside():
    period = fiscal_year_period(2564)
    assert datetime.date(2020, 10, 1) in period
    assert datetime.date(2021, 9, 30) in period
    assert datetime.date(2021, 3, 15) in period
    assert datetime.date(2020, 9, 30) not in period
    assert datetime.date(2021, 10, 1) not in period


def test_every_day_of_a_fiscal_year_belongs_to_it():
    period = fiscal_year_period(2564)
    day = period.start
    while day <= period.end:
        assert fiscal_year_of(day) == 2564
        day += datetime.timedelta(days=1)


@pytest.mark.usefixtures("without_framework")
def test_the_year_a_page_shows_is_the_one_asked_for_else_the_current_else_the_newest_and_never_made(time_machine):
    from core.models import FiscalYear
    from core.selectors import fiscal_year_chosen

    time_machine.move_to(datetime.datetime(2021, 5, 1, 10, 0), tick=False)  # fiscal year 2564
    older, newer = FiscalYear.objects.create(year=2563), FiscalYear.objects.create(year=2566)
    assert fiscal_year_chosen("2563") == older
    assert fiscal_year_chosen("2570") is None  # not another year instead
    assert fiscal_year_chosen(None) == newer  # no current year yet: the newest
    assert fiscal_year_chosen("not-a-year") == newer
    current = FiscalYear.objects.create(year=2564)
    assert fiscal_year_chosen("") == current
    assert fiscal_year_chosen(None, FiscalYear.objects.filter(year__lt=2564)) == older
    assert fiscal_year_chosen(None, FiscalYear.objects.none()) is None
    assert FiscalYear.objects.count() == 3
