"""Reads of the schedules app: the calendar of a year, what is open, who the coordinators are."""

import datetime

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.models import FiscalYear
from core.roles import Role
from core.selectors import fiscal_year_chosen

from .models import Deadline


def coordinators() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.COORDINATOR, is_active=True).distinct().order_by("pk")


def calendar_years() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.filter(deadlines__isnull=False).distinct()


def calendar_year_chosen(raw: str | None) -> FiscalYear | None:
    """The year asked for; else the current fiscal year; else the latest with deadlines."""
    return fiscal_year_chosen(raw, calendar_years())


def deadlines_of(fiscal_year: FiscalYear) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(fiscal_year=fiscal_year)
        .select_related("done_by", "fiscal_year")
        .prefetch_related("responsible")
    )


def open_deadlines_elsewhere(fiscal_year: FiscalYear, today: datetime.date) -> QuerySet[Deadline]:
    """Not done deadlines of other years still ahead or recently passed (the 12-month report of
    last year is due in this year's October)."""
    return (
        Deadline.objects.filter(done_at__isnull=True, due_on__gte=today - datetime.timedelta(days=60))
        .exclude(fiscal_year=fiscal_year)
        .select_related("fiscal_year")
    )


def feed_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.select_related("fiscal_year").order_by("due_on", "pk")
