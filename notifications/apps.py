from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The record itself is the reminder log; the audit log keeps who resent or cancelled what.
        auditlog.register(models.Notification, include_fields=["state", "attempts"])
