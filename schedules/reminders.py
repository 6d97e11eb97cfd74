"""The two first reminder sources: ITA calendar deadlines and measure due dates.

Both are registered in SchedulesConfig.ready(), each with the check its e-mails must still pass
when they go out; see notifications/reminders.py for the mechanism. Both remind weekly after the
due date until the thing is done: a deadline until it is marked done, a measure until it has
its approved evidence.
"""

import datetime
import functools
from collections.abc import Callable, Iterator

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.thai import thai_date
from indicators.models import Measure, MeasureStatus
from notifications.models import Notification
from notifications.reminders import Due, reminder_stage

from . import selectors
from .models import Deadline
from .services import calendars_ensure

# Days before the due date on which a reminder goes out (each stage once per person).
DEADLINE_STAGES = (30, 14, 7, 1)
MEASURE_STAGES = (14, 7, 1)
# After the due date: the day after, then weekly until done.
OVERDUE_EVERY = 7


def _coordinators_once() -> Callable[[], list[User]]:
    """The ITA coordinators, looked up once per run and only if some reminder needs them."""
    return functools.cache(lambda: list(selectors.coordinators()))


def _subject(title: str, due: datetime.date, today: datetime.date) -> str:
    days = (due - today).days
    if days < 0:
        return _("Overdue since %(date)s: %(title)s") % {"date": thai_date(due), "title": title}
    if days == 0:
        return _("Due today: %(title)s") % {"title": title}
    return ngettext("Due in %(days)d day (%(date)s): %(title)s", "Due in %(days)d days (%(date)s): %(title)s", days) % {
        "days": days,
        "date": thai_date(due),
        "title": title,
    }


def _deadline_recipients(deadline: Deadline, coordinators: Callable[[], list[User]]) -> list[User]:
    """Its active responsible people; with none, the ITA coordinators."""
    return [user for user in deadline.responsible.all() if user.is_active] or coordinators()


def _measure_recipients(measure: Measure, coordinators: Callable[[], list[User]]) -> list[User]:
    """Its responsible person while active; with nobody (or a person who left), the ITA coordinators."""
    if measure.responsible is not None and measure.responsible.is_active:
        return [measure.responsible]
    return coordinators()


def deadline_reminders(today: datetime.date) -> Iterator[Due]:
    """Open deadlines to their responsible people (or the coordinators when nobody is named).

    The calendar is made sure first: this fiscal year's, and from September next year's, with
    their default deadlines, so a year nobody created still has its deadlines reminded.
    """
    calendars_ensure(today)
    window = (
        Deadline.objects.filter(done_at__isnull=True, due_on__lte=today + datetime.timedelta(days=max(DEADLINE_STAGES)))
        .select_related("fiscal_year")
        .prefetch_related("responsible")
    )
    coordinators = _coordinators_once()
    for deadline in window:
        stage = reminder_stage(deadline.due_on, today, before=DEADLINE_STAGES, overdue_every=OVERDUE_EVERY)
        if stage is None:
            continue
        yield Due(
            key=f"deadline:{deadline.pk}:{deadline.due_on.isoformat()}:{stage}",
            recipients=_deadline_recipients(deadline, coordinators),
            subject=_subject(deadline.title, deadline.due_on, today),
            body=_(
                "When it is done, mark it done in the ITA calendar with a link or a file as proof; "
                "the reminders then stop.\n\n%(description)s"
            )
            % {"description": deadline.description},
            link=f"{reverse('schedules:calendar')}?year={deadline.fiscal_year.year}#deadline-{deadline.pk}",
            due_date=deadline.due_on,
            target=deadline,
        )


def deadline_still_due(notification: Notification) -> bool:
    """The deadline is still open, still due that day, and the recipient still one of its people."""
    deadline = (
        Deadline.objects.filter(pk=notification.object_id, done_at__isnull=True, due_on=notification.due_date)
        .prefetch_related("responsible")
        .first()
    )
    return deadline is not None and notification.recipient in _deadline_recipients(deadline, _coordinators_once())


def _open_measures(today: datetime.date):
    return Measure.objects.with_progress(today).exclude(status=MeasureStatus.DONE).select_related("responsible")


def measure_reminders(today: datetime.date) -> Iterator[Due]:
    """Measures not done (approved evidence short of what they require) to their responsible person.

    The key carries the person, so reassigning a measure sends the current stage to the new person
    and nothing more to the old one.
    """
    measures = (
        _open_measures(today)
        .filter(due_date__lte=today + datetime.timedelta(days=max(MEASURE_STAGES)))
        .select_related("indicator")
    )
    coordinators = _coordinators_once()
    for measure in measures:
        stage = reminder_stage(measure.due_date, today, before=MEASURE_STAGES, overdue_every=OVERDUE_EVERY)
        if stage is None:
            continue
        title = _("measure %(number)s") % {"number": f"{measure.indicator.number}.{measure.number}"}
        yield Due(
            key=f"measure:{measure.pk}:{measure.due_date.isoformat()}:{stage}",
            recipients=_measure_recipients(measure, coordinators),
            subject=_subject(title, measure.due_date, today),
            body=_("%(text)s\n\nApproved evidence: %(approved)d of %(required)d.")
            % {
                "text": measure.text,
                "approved": measure.approved_count,
                "required": measure.evidence_required,
            },
            link=reverse("indicators:measure_detail", args=[measure.pk]),
            due_date=measure.due_date,
            target=measure,
        )


def measure_still_due(notification: Notification) -> bool:
    """The measure is still not done, still due that day, and the recipient still the one to tell."""
    measure = (
        _open_measures(timezone.localdate()).filter(pk=notification.object_id, due_date=notification.due_date).first()
    )
    return measure is not None and notification.recipient in _measure_recipients(measure, _coordinators_once())
