"""Reads of the notifications app: a user's inbox, the unread count, what needs the coordinator."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.access import users_with_permission

from .models import NEEDS_ATTENTION, Notification


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def needing_attention() -> QuerySet[Notification]:
    return Notification.objects.filter(state__in=NEEDS_ATTENTION).select_related("recipient").order_by("-created_at")


def delivery_managers() -> QuerySet[User]:
    """Who looks after notifications that went wrong: the holders of manage_delivery (the ITA coordinators)."""
    return users_with_permission("notifications.manage_delivery")
