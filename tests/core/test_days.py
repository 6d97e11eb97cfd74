"""Local days as instants: the bounds every app filters its timestamps by."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.days import day_start, in_period, on_days
from core.fiscal import Period
from core.models import FiscalYear

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_a_day_starts_at_local_midnight():
    assert day_start(datetime.date(2021, 3, 31)) == datetime.datetime(2021, 3, 31, tzinfo=BANGKOK)


@pytest.mark.django_db
def test_the_days_include_both_ends_to_the_last_instant_and_nothing_beyond():
    moments = [
        datetime.datetime(2021, 3, 31, 23, 59, 59, tzinfo=BANGKOK),  # before
        datetime.datetime(2021, 4, 1, 0, 0, tzinfo=BANGKOK),  # first instant of the first day
        datetime.datetime(2021, 4, 30, 23, 59, 59, 999999, tzinfo=BANGKOK),  # last instant of the last day
        datetime.datetime(2021, 5, 1, 0, 0, tzinfo=BANGKOK),  # after
    ]
    content_type = ContentType.objects.get_for_model(FiscalYear)
    for moment in moments:
        LogEntry.objects.create(
            content_type=content_type, object_repr=moment.isoformat(), action=0, timestamp=moment, object_pk="1"
        )
    april = Period(datetime.date(2021, 4, 1), datetime.date(2021, 4, 30))

    def listed(condition) -> list[datetime.datetime]:
        return [
            timezone.localtime(t, BANGKOK)
            for t in LogEntry.objects.filter(condition).values_list("timestamp", flat=True).order_by("timestamp")
        ]

    assert listed(in_period("timestamp", april)) == moments[1:3]
    assert listed(on_days("timestamp", first=april.start)) == moments[1:]
    assert listed(on_days("timestamp", last=april.end)) == moments[:3]
    assert listed(on_days("timestamp")) == moments
