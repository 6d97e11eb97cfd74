from django.contrib import admin

from core.admin import BuddhistEraDates

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(BuddhistEraDates):
    list_display = ["subject", "recipient", "source", "due_date", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "source", "created_at"]
    search_fields = ["key", "subject", "recipient__username", "recipient__email"]
    list_select_related = ["recipient"]
    readonly_fields = [field.name for field in Notification._meta.concrete_fields]

    def has_add_permission(self, request) -> bool:
        return False  # notifications come from reminder sources, never typed in
