"""Reads of the notifications app: a user's inbox, the unread count, what needs the coordinator."""

from django.contrib.auth.models import Permission, User
from django.db.models import Q, QuerySet

from .models import NEEDS_ATTENTION, Notification


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def needing_attention() -> QuerySet[Notification]:
    return Notification.objects.filter(state__in=NEEDS_ATTENTION).select_related("recipient").order_by("-created_at")


def delivery_managers() -> QuerySet[User]:
    """Who looks after notifications that went wrong: the holders of manage_delivery (the ITA coordinators)."""
    permission = Permission.objects.filter(content_type__app_label="notifications", codename="manage_delivery")
    return (
        User.objects.filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission), is_active=True)
        .distinct()
        .order_by("pk")
    )
