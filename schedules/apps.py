from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = _("ITA calendar and schedules")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.beat import Schedule, register_schedule
        from core.navigation import MenuEntry, register_menu_entry
        from notifications.reminders import register_reminder_source

        from . import models, signals  # noqa: F401 - connects the receivers
        from .reminders import deadline_reminders, deadline_still_due, measure_reminders, measure_still_due

        register_reminder_source("deadlines", deadline_reminders, still_due=deadline_still_due)
        register_reminder_source("measures", measure_reminders, still_due=measure_still_due)
        register_menu_entry(
            MenuEntry(
                _("ITA calendar"), "schedules:calendar", group="ita", order=50, permissions=("schedules.view_deadline",)
            )
        )

        register_schedule(
            Schedule(
                "Semiannual round reports",
                "schedules.tasks.produce_round_reports",
                hour="6",
                day_of_month="1",
                month_of_year="4,10",
                description="1 April and 1 October: every round report of the round just closed, attached as evidence.",
            )
        )
        register_schedule(
            Schedule(
                "Round reports left behind",
                "schedules.tasks.sweep_round_reports",
                minute="*/15",
                description="Announce rounds whose reports all finished but were left unannounced.",
            )
        )
        auditlog.register(models.Deadline, m2m_fields={"responsible"}, exclude_fields=["proof_file"])
