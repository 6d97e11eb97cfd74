"""Reminder sources: how an app says "these people must hear about this thing today", in a few lines.

An app registers a function `(today) -> Iterable[Due]` in its AppConfig.ready(), and may add a
check the e-mail of each of its reminders must pass just before it goes out:

    register_reminder_source("measures", measure_reminders, still_due=measure_still_due)

The daily beat task (`notifications.tasks.send_due_reminders`) runs every registered source
and turns each Due into one Notification per recipient. The notification key is the Due's key
plus the recipient, and it is unique in the database, so a source may return the same Due
every day, the task may run twice or on two workers at once, and each person still gets one
message per key. A source with its own timetable calls `send_reminders` from its own task.

The check is what keeps a reminder from going out once it no longer applies: an e-mail waits
while the mail server is down or retried, and meanwhile the deadline may be marked done, the
evidence approved or the measure given to someone else. Asking at the moment of sending, from
the same records the source reads, closes that gap whichever way the change was made.
A source that fails is reported to the people who look after notifications (the ITA
coordinators), once a day, and the run is retried; the other sources still run.
"""

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.thai import thai_date

from . import selectors, services
from .models import Notification

logger = logging.getLogger(__name__)

FAILED_SOURCE = "reminder_failures"


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
# still_due(notification) -> whether its e-mail should still go out.
StillDue = Callable[[Notification], bool]


_sources: dict[str, Source] = {}
_checks: dict[str, StillDue] = {}


def register_reminder_source(name: str, source: Source, *, still_due: StillDue | None = None) -> None:
    _sources[name] = source
    if still_due is not None:
        _checks[name] = still_due


def reminder_sources() -> dict[str, Source]:
    return dict(_sources)


def reminder_still_due(notification: Notification) -> bool:
    """Asked before a notification's e-mail goes out: False when the source that made it says it no
    longer applies. Notices that are not reminders (no source, or one without a check) always go."""
    check = _checks.get(notification.source)
    return check is None or check(notification)


def reminder_stage(
    due: datetime.date,
    today: datetime.date,
    *,
    before: Sequence[int],
    overdue_every: int = 7,
) -> str | None:
    """The reminder stage ``today`` falls in for something due on ``due``, or None.

    Stages catch up: on any day between two thresholds the stage is the nearer threshold
    already reached ("d-7" from 7 days before until the "d-1" day), so a day the beat missed
    only delays a reminder, never loses it; the unique key keeps it from repeating.
    After the due date: "overdue-1" the day after, then every ``overdue_every`` days for as long
    as the source still returns it, that is until the thing is done.
    """
    days_left = (due - today).days
    if days_left >= 0:
        reached = [days for days in sorted(before) if days >= days_left]
        return f"d-{reached[0]}" if reached else None
    late = -days_left
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
    """Run every registered source; one failing source does not stop the others, but fails the run
    (so the task retries) and is reported to the coordinators."""
    counts, failed = {}, []
    for name, source in sorted(_sources.items()):
        try:
            counts[name] = send_reminders(name, source(today))
        except Exception as exc:
            logger.exception("reminder source %s failed", name)
            failed.append(name)
            _report_failed_source(name, exc, today)
    if failed:
        raise ReminderSourceError(f"reminder sources failed: {', '.join(failed)} (sent: {counts})")
    return counts


def _report_failed_source(name: str, exc: Exception, today: datetime.date) -> None:
    """Reminders that could not be prepared are missing reminders: those who look after notifications
    hear of it, once a day per source, however often the run is retried."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminders could not be prepared: %(source)s") % {"source": name}
        body = _(
            "The daily reminders of “%(source)s” failed on %(date)s (%(error)s). They are tried again "
            "automatically; reminders due meanwhile go out once it works. If this notice comes again "
            "tomorrow, tell the system administrator (the details are in the worker's log)."
        ) % {"source": name, "date": thai_date(today), "error": type(exc).__name__}
    for manager in selectors.delivery_managers():
        services.notify(
            key=f"reminder-source-failed:{name}:{today.isoformat()}:user:{manager.pk}",
            source=FAILED_SOURCE,
            recipient=manager,
            subject=subject,
            body=body,
            link=reverse("notifications:failed"),
        )
