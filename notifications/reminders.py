"""Reminder sources: how an app says "these people must hear about this thing today", in a few lines.

An app registers a function `(today) -> Iterable[Due]` in its AppConfig.ready():

    register_reminder_source("measures", measure_reminders)

The daily beat task (`notifications.tasks.send_due_reminders`) runs every registered source
and turns each Due into one Notification per recipient. The notification key is the Due's key
plus the recipient, and it is unique in the database, so a source may return the same Due
every day, the task may run twice or on two workers at once, and each person still gets one
message per key. A source with its own timetable calls `send_reminders` from its own task.
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import models

from . import services

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """One thing to remind people of. ``key`` names the object, its due date and the stage
    ("deadline:12:2021-04-30:d-7"); the recipient's id is appended per person."""

    key: str
    recipients: Sequence[User]
    subject: str
    body: str = ""
    link: str = ""
    due_date: datetime.date | None = None
    target: models.Model | None = field(default=None, compare=False)


Source = Callable[[datetime.date], Iterable[Due]]

_sources: dict[str, Source] = {}


def register_reminder_source(name: str, source: Source) -> None:
    _sources[name] = source


def reminder_sources() -> dict[str, Source]:
    return dict(_sources)


def reminder_stage(
    due: datetime.date,
    today: datetime.date,
    *,
    before: Sequence[int],
    overdue_every: int = 7,
    overdue_for: int = 28,
) -> str | None:
    """The reminder stage ``today`` falls in for something due on ``due``, or None.

    Stages catch up: on any day between two thresholds the stage is the nearer threshold
    already reached ("d-7" from 7 days before until the "d-1" day), so a day the beat missed
    only delays a reminder, never loses it; the unique key keeps it from repeating.
    After the due date: "overdue-1" the day after, then every ``overdue_every`` days while the
    thing is less than ``overdue_for`` days late, so an old forgotten record does not nag forever.
    """
    days_left = (due - today).days
    if days_left >= 0:
        reached = [days for days in sorted(before) if days >= days_left]
        return f"d-{reached[0]}" if reached else None
    late = -days_left
    if late > overdue_for:
        return None
    return f"overdue-{late - (late - 1) % overdue_every}"


def send_reminders(source: str, dues: Iterable[Due]) -> int:
    """Record (and queue for e-mail) one notification per Due and recipient not yet notified."""
    created = 0
    for due in dues:
        for recipient in due.recipients:
            notification = services.notify(
                key=f"{due.key}:user:{recipient.pk}",
                source=source,
                recipient=recipient,
                subject=due.subject,
                body=due.body,
                link=due.link,
                due_date=due.due_date,
                target=due.target,
            )
            created += notification is not None
    return created


class ReminderSourceError(Exception):
    pass


def run_reminder_sources(today: datetime.date) -> dict[str, int]:
    """Run every registered source; one failing source does not stop the others, but fails the run."""
    counts, failed = {}, []
    for name, source in sorted(_sources.items()):
        try:
            counts[name] = send_reminders(name, source(today))
        except Exception:
            logger.exception("reminder source %s failed", name)
            failed.append(name)
    if failed:
        raise ReminderSourceError(f"reminder sources failed: {', '.join(failed)} (sent: {counts})")
    return counts
