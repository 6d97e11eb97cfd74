"""Fiscal-year arithmetic: 1 October – 30 September, named by the Buddhist-era year.

FY2564 runs 2020-10-01 .. 2021-09-30. A fiscal year has two reporting rounds,
as E-Plan NACC does: the first half (Oct–Mar) and the full year (Oct–Sep).
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

BE_OFFSET = 543
# The fiscal years the portal accepts (Buddhist era): ITA began in 2557, and a year outside these is a typing
# mistake (0, 99999, a Christian-era year) that date arithmetic cannot even represent in some cases.
FISCAL_YEAR_MIN = 2500
FISCAL_YEAR_MAX = 2700


class Round(models.TextChoices):
    FIRST_HALF = "h1", _("First half (October–March)")
    FULL_YEAR = "full", _("Full year (October–September)")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def fiscal_year_of(day: datetime.date) -> int:
    """The Buddhist-era fiscal year that contains ``day``."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_period(year_be: int) -> Period:
    ce = year_be - BE_OFFSET
    return Period(datetime.date(ce - 1, 10, 1), datetime.date(ce, 9, 30))


def round_period(year_be: int, round_: str) -> Period:
    whole = fiscal_year_period(year_be)
    if round_ == Round.FIRST_HALF:
        return Period(whole.start, datetime.date(whole.end.year, 3, 31))
    if round_ == Round.FULL_YEAR:
        return whole
    raise ValueError(f"unknown round {round_!r}")
