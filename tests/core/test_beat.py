"""The beat schedules every app registers exist after migrating, in Asia/Bangkok, and `setup_schedules`
keeps admin edits."""

import zoneinfo

import pytest
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from core.beat import Schedule, ensure_schedules, registered_schedules

pytestmark = pytest.mark.django_db


def test_the_migration_created_every_schedule_in_bangkok_time():
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("crontab")}
    assert set(tasks) >= {schedule.name for schedule in registered_schedules()}
    assert {"core.tasks.sweep_report_runs", "notifications.tasks.send_due_reminders"} <= {
        task.task for task in tasks.values()
    }
    semiannual = tasks["Semiannual round reports"]
    assert semiannual.task == "schedules.tasks.produce_round_reports"
    assert (semiannual.crontab.day_of_month, semiannual.crontab.month_of_year) == ("1", "4,10")
    assert all(task.crontab.timezone == zoneinfo.ZoneInfo("Asia/Bangkok") for task in tasks.values())


def test_running_it_again_creates_nothing_and_keeps_the_coordinators_changes():
    task = PeriodicTask.objects.get(name="Daily reminders")
    task.crontab = CrontabSchedule.objects.create(minute="30", hour="8", timezone="Asia/Bangkok")
    task.save()
    count = PeriodicTask.objects.count()

    call_command("setup_schedules", verbosity=0)
    assert ensure_schedules() == []
    assert PeriodicTask.objects.count() == count
    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.hour) == ("30", "8")


def test_a_later_app_adds_its_own_entry():
    monthly = Schedule("Monthly summary", "budget.tasks.summary", hour="8", day_of_month="1")
    created = ensure_schedules(schedules=[monthly])
    assert created == ["Monthly summary"]
    assert PeriodicTask.objects.get(name="Monthly summary").crontab.day_of_month == "1"


def test_an_entry_renamed_in_the_admin_is_not_created_again():
    task = PeriodicTask.objects.get(task="notifications.tasks.send_due_reminders")
    task.name = "แจ้งเตือนประจำวัน 07:00"
    task.save()
    count = PeriodicTask.objects.count()

    call_command("setup_schedules", verbosity=0)
    assert PeriodicTask.objects.count() == count
    assert PeriodicTask.objects.filter(task="notifications.tasks.send_due_reminders").count() == 1


def test_the_same_task_with_other_arguments_is_another_entry_and_a_taken_name_is_kept():
    PeriodicTask.objects.filter(task="schedules.tasks.sweep_round_reports").update(name="Procurement summary")
    summaries = [
        Schedule("Procurement summary", "budget.tasks.summary", hour="8", day_of_month="1", args=("procurement",)),
        Schedule("Loans summary", "budget.tasks.summary", hour="8", day_of_month="1", args=("loans",)),
    ]
    assert ensure_schedules(schedules=summaries) == ["Procurement summary (budget.tasks.summary)", "Loans summary"]
    assert ensure_schedules(schedules=summaries) == []
    entries = PeriodicTask.objects.filter(task="budget.tasks.summary")
    assert sorted(entries.values_list("args", flat=True)) == ['["loans"]', '["procurement"]']
    assert PeriodicTask.objects.get(name="Procurement summary").task == "schedules.tasks.sweep_round_reports"
