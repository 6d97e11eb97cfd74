"""The portal's periodic tasks (django-celery-beat rows, Asia/Bangkok), created once and then the admin's.

Each app declares its entries in its AppConfig.ready() and creates them from a data migration
of its own (``manage.py setup_schedules`` creates any that are missing):

    register_schedule(Schedule("Monthly procurement summary", "budget.tasks.procurement_reminders",
                               hour="8", day_of_month="1"))

    def add_schedule(apps, schema_editor):  # in budget/migrations/000N_....py
        from core.beat import ensure_schedules
        ensure_schedules(apps, app_label="budget")
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


_registry: dict[tuple[str, tuple], Schedule] = {}


def register_schedule(schedule: Schedule) -> None:
    _registry[(schedule.task, schedule.args)] = schedule


def registered_schedules(app_label: str | None = None) -> list[Schedule]:
    """The entries apps declared; with ``app_label``, only those whose task lives in that app."""
    return [s for s in _registry.values() if app_label is None or s.task.startswith(f"{app_label}.")]


def ensure_schedules(
    apps=live_apps, *, app_label: str | None = None, schedules: list[Schedule] | None = None
) -> list[str]:
    """Create the registered periodic tasks (of ``app_label``'s app, or all; or the ``schedules`` given)
    that do not exist yet; returns the names created.

    An entry is found by its task and arguments, not its name: an entry the coordinator renamed,
    or whose times they changed in the admin, is left as it is and not created again.
    ``apps`` is a migration's registry or the live one.
    """
    crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
    task_model = apps.get_model("django_celery_beat", "PeriodicTask")
    created = []
    for schedule in registered_schedules(app_label) if schedules is None else schedules:
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
