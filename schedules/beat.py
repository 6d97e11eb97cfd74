"""The portal's periodic tasks (django-celery-beat rows, Asia/Bangkok), created once and then the admin's.

A later app adds its own entry from a data migration of its own, in a few lines:

    from schedules.beat import Schedule, ensure_schedules

    def add_schedule(apps, schema_editor):
        ensure_schedules(apps, [Schedule("Monthly procurement summary", "budget.tasks.procurement_reminders",
                                         hour="8", day_of_month="1")])
"""

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
]


def ensure_schedules(apps=live_apps, schedules: list[Schedule] = SCHEDULES) -> list[str]:
    """Create the periodic tasks that do not exist yet (by name); returns the names created.

    An existing entry is left as it is, so times the coordinator changed in the admin survive.
    ``apps`` is a migration's registry or the live one.
    """
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    created = []
    for schedule in schedules:
        if task_model.objects.filter(name=schedule.name).exists():
            continue
        crontab, _created = crontab_model.objects.get_or_create(
            minute=schedule.minute,
            hour=schedule.hour,
            day_of_month=schedule.day_of_month,
            month_of_year=schedule.month_of_year,
            day_of_week=schedule.day_of_week,
            timezone=settings.CELERY_TIMEZONE,
        )
        task_model.objects.create(
            name=schedule.name, task=schedule.task, crontab=crontab, description=schedule.description
        )
        created.append(schedule.name)
    return created
