from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.beat import Schedule, register_schedule
        from core.navigation import ACCOUNT, TOOLS, MenuEntry, register_menu_entry

        from . import models, selectors

        register_schedule(
            Schedule(
                "Daily reminders",
                "notifications.tasks.send_due_reminders",
                hour="7",
                description="Every registered reminder source (ITA calendar deadlines, measure due dates …) at 07:00.",
            )
        )
        register_schedule(
            Schedule(
                "Deliver notifications left behind",
                "notifications.tasks.sweep_notifications",
                minute="*/15",
                description="Queue pending e-mails the queue lost; flag sends a crash interrupted for the coordinator.",
            )
        )
        register_menu_entry(
            MenuEntry(
                _("Notifications"),
                "notifications:inbox",
                bar=TOOLS,
                badge=lambda context: selectors.unread_count(context["request"].user),
                dom_id="notifications-link",
            )
        )
        register_menu_entry(
            MenuEntry(
                _("Failed notifications"),
                "notifications:failed",
                bar=ACCOUNT,
                order=20,
                permissions=("notifications.manage_delivery",),
            )
        )
        # The record itself is the reminder log; the audit log keeps who resent or cancelled what.
        auditlog.register(models.Notification, include_fields=["state", "attempts"])
