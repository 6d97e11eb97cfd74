from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = _("ITA calendar and schedules")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from notifications.reminders import register_reminder_source

        from . import models, signals  # noqa: F401 - connects the receivers
        from .reminders import deadline_reminders, deadline_still_due, measure_reminders, measure_still_due

        register_reminder_source("deadlines", deadline_reminders, still_due=deadline_still_due)
        register_reminder_source("measures", measure_reminders, still_due=measure_still_due)

        auditlog.register(models.Deadline, m2m_fields={"responsible"}, exclude_fields=["proof_file"])
