"""Local days as ranges of instants, for filtering timestamp columns by the days people pick.

A filter on ``timestamp__date`` casts every row and cannot use the column's index; comparing with
the local midnights that bound the days can. Every app filters its timestamps through these.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from .fiscal import Period


def day_start(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of ``day`` (Asia/Bangkok in the portal), as an aware instant."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def on_days(field: str, first: datetime.date | None = None, last: datetime.date | None = None) -> Q:
    """``field`` (a timestamp) on a local day from ``first`` to ``last``, both included; either may be open."""
    condition = Q()
    if first is not None:
        condition &= Q(**{f"{field}__gte": day_start(first)})
    if last is not None:
        condition &= Q(**{f"{field}__lt": day_start(last + datetime.timedelta(days=1))})
    return condition


def in_period(field: str, period: Period) -> Q:
    return on_days(field, period.start, period.end)
