"""Writes of the core app: the public holidays, whose changes move the working-day deadlines apps keep."""

import datetime

from django.db import transaction

from .models import Holiday
from .spreadsheets import ImportResult
from .workdays import holidays_changed


def _announce(*, added: set[datetime.date], removed: set[datetime.date]) -> None:
    if added or removed:
        holidays_changed.send(sender=Holiday, added=added, removed=removed)


@transaction.atomic
def holiday_save(*, holiday: Holiday) -> Holiday:
    """Add a holiday, or move one to another day; deadlines counted across the days concerned follow."""
    before = Holiday.objects.filter(pk=holiday.pk).values_list("date", flat=True).first() if holiday.pk else None
    holiday.full_clean()
    holiday.save()
    if before != holiday.date:
        _announce(added={holiday.date}, removed={before} if before else set())
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday) -> None:
    day = holiday.date
    holiday.delete()
    _announce(added=set(), removed={day})


def holidays_imported(result: ImportResult) -> None:
    """After a holiday import (core.spreadsheets): deadlines follow the days it added, in one move for the
    whole file. A row of an existing day changes only its name, which moves nothing."""
    _announce(added={date for (date,) in result.created_keys}, removed=set())
