"""Working-day arithmetic for deadlines: Saturdays, Sundays and the coordinator's list of holidays are skipped.

Each call reads the holidays it needs in one query instead of one per day, so a
list of complaints can compute its deadlines cheaply.
"""

import datetime

from django.dispatch import Signal

from .models import Holiday

# Sent by core.services once holidays were added or removed, with `added` and `removed` (sets of dates):
# an app that stores deadlines counted in working days moves them. Core does not know which apps listen.
holidays_changed = Signal()

SATURDAY = 5
# Django's week_day lookup numbers Sunday 1 .. Saturday 7.
_WEEKEND_WEEK_DAYS = (1, 7)


def is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= SATURDAY


def _holidays(after: datetime.date, until: datetime.date) -> set[datetime.date]:
    return set(Holiday.objects.filter(date__gt=after, date__lte=until).values_list("date", flat=True))


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (``start`` itself does not count); n = 0 gives ``start``."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, left = start, n
    while left:
        # Twice the span plus a month covers n working days unless the list holds
        # an unusual run of closures; then the next window is read.
        window_end = day + datetime.timedelta(days=2 * left + 30)
        holidays = _holidays(day, window_end)
        while left and day < window_end:
            day += datetime.timedelta(days=1)
            if not is_weekend(day) and day not in holidays:
                left -= 1
    return day


def _weekdays_after_until(a: datetime.date, b: datetime.date) -> int:
    """Monday–Friday days d with a < d <= b (a <= b)."""
    days = (b - a).days
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(1, rest + 1):
        if not is_weekend(a + datetime.timedelta(days=offset)):
            count += 1
    return count


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Working days d with a < d <= b, negative when b is before a: add_working_days(a, n) == b gives n."""
    if b < a:
        return -working_days_between(b, a)
    closed = Holiday.objects.filter(date__gt=a, date__lte=b).exclude(date__week_day__in=_WEEKEND_WEEK_DAYS).count()
    return _weekdays_after_until(a, b) - closed
