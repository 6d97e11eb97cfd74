"""The portal's periodic tasks (django-celery-beat rows, Asia/Bangkok), created once and then the admin's.

A later app adds its own entry from a data migration of its own, in a few lines:

    from schedules.beat import Schedule, ensure_schedules

    def add_schedule(apps, schema_editor):
        ensure_schedules(apps, [Schedule("Monthly procurement summary", "budget.tasks.procurement_reminders",
                                         hour="8", day_of_month="1")])
"""

import json
from dataclasses import dataclass

from django.apps import apps as live_apps
from django.conf import settings


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    minute: str = "0"
    hour: str = "*"
    day_of_month: str = "*"
    month_of_year: str = "*"
    day_of_week: str = "*"
    description: str = ""
    args: tuple = ()


SCHEDULES = [
    Schedule(
        "Daily reminders",
        "notifications.tasks.send_due_reminders",
        hour="7",
        description="Every registered reminder source (ITA calendar deadlines, measure due dates, …), at 07:00.",
    ),
    Schedule(
        "Deliver notifications left behind",
        "notifications.tasks.sweep_notifications",
        minute="*/15",
        description="Queue pending e-mails the queue lost; flag sends interrupted by a crash for the coordinator.",
    ),
    Schedule(
        "Semiannual round reports",
        "schedules.tasks.produce_round_reports",
        hour="6",
        day_of_month="1",
        month_of_year="4,10",
        description="1 April and 1 October: every round report of the round just closed, attached as evidence.",
    ),
    Schedule(
        "Round reports left behind",
        "schedules.tasks.sweep_round_reports",
        minute="*/15",
        description="Queue again a round report whose task was lost or killed; announce rounds left unannounced.",
    ),
]


def ensure_schedules(apps=live_apps, schedules: list[Schedule] = SCHEDULES) -> list[str]:
    """Create the periodic tasks that do not exist yet; returns the names created.

    An entry is found by its task and arguments, not its name: an entry the coordinator renamed,
    or whose times they changed in the admin, is left as it is and not created again.
    ``apps`` is a migration's registry or the live one.
    """
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    created = []
    for schedule in schedules:
        same_task = task_model.objects.filter(task=schedule.task).values_list("args", flat=True)
        if any(json.loads(args or "[]") == list(schedule.args) for args in same_task):
            continue
        crontab, _created = crontab_model.objects.get_or_create(
            minute=schedule.minute,
            hour=schedule.hour,
            day_of_month=schedule.day_of_month,
            month_of_year=schedule.month_of_year,
            day_of_week=schedule.day_of_week,
            timezone=settings.CELERY_TIMEZONE,
        )
        # The name must be unique too; one the coordinator gave to another entry is not taken from it.
        name = schedule.name
        if task_model.objects.filter(name=name).exists():
            name = f"{schedule.name} ({schedule.task})"
        task_model.objects.create(
            name=name,
            task=schedule.task,
            args=json.dumps(list(schedule.args)),
            crontab=crontab,
            description=schedule.description,
        )
        created.append(name)
    return created
