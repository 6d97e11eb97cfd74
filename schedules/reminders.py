"""The two first reminder sources: ITA calendar deadlines and measure due dates.

Both are registered in SchedulesConfig.ready(); see notifications/reminders.py for the mechanism.
"""

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.thai import thai_date
from indicators.models import Measure, MeasureStatus
from notifications.reminders import Due, reminder_stage

from . import selectors
from .models import Deadline

# Days before the due date on which a reminder goes out (each stage once per person).
DEADLINE_STAGES = (30, 14, 7, 1)
MEASURE_STAGES = (14, 7, 1)
# After the due date: the day after, then weekly while less than four weeks late.
OVERDUE_EVERY = 7
OVERDUE_FOR = 28


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


def deadline_reminders(today: datetime.date) -> Iterator[Due]:
    """Open deadlines to their responsible people (or the coordinators when nobody is named)."""
    window = (
        Deadline.objects.filter(
            done_at__isnull=True,
            due_on__gte=today - datetime.timedelta(days=OVERDUE_FOR),
            due_on__lte=today + datetime.timedelta(days=max(DEADLINE_STAGES)),
        )
        .select_related("fiscal_year")
        .prefetch_related("responsible")
    )
    coordinators = None
    for deadline in window:
        stage = reminder_stage(
            deadline.due_on, today, before=DEADLINE_STAGES, overdue_every=OVERDUE_EVERY, overdue_for=OVERDUE_FOR
        )
        if stage is None:
            continue
        recipients = [user for user in deadline.responsible.all() if user.is_active]
        if not recipients:
            coordinators = coordinators if coordinators is not None else list(selectors.coordinators())
            recipients = coordinators
        yield Due(
            key=f"deadline:{deadline.pk}:{deadline.due_on.isoformat()}:{stage}",
            recipients=recipients,
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


def measure_reminders(today: datetime.date) -> Iterator[Due]:
    """Measures not done (approved evidence short of what they require) to their responsible person.

    The key carries the person, so reassigning a measure sends the current stage to the new person
    and nothing more to the old one.
    """
    measures = (
        Measure.objects.with_progress(today)
        .exclude(status=MeasureStatus.DONE)
        .filter(
            due_date__gte=today - datetime.timedelta(days=OVERDUE_FOR),
            due_date__lte=today + datetime.timedelta(days=max(MEASURE_STAGES)),
            responsible__is_active=True,
        )
        .select_related("responsible", "indicator")
    )
    for measure in measures:
        stage = reminder_stage(
            measure.due_date, today, before=MEASURE_STAGES, overdue_every=OVERDUE_EVERY, overdue_for=OVERDUE_FOR
        )
        if stage is None:
            continue
        title = _("measure %(number)s") % {"number": f"{measure.indicator.number}.{measure.number}"}
        yield Due(
            key=f"measure:{measure.pk}:{measure.due_date.isoformat()}:{stage}",
            recipients=[measure.responsible],
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
