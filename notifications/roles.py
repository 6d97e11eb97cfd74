"""Their own notifications need no permission; the coordinator sees every notification and handles
e-mails that could not be delivered (collected by core.roles)."""

from core.roles import Role

ROLE_GRANTS = {
    Role.COORDINATOR: {"notifications.manage_delivery", "notifications.view_notification"},
}
