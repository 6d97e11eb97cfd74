"""Celery tasks of the notifications app: thin wrappers over services and the reminder registry."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .reminders import run_reminder_sources


def retry_delay(retries: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base … capped at one hour."""
    return datetime.timedelta(seconds=min(settings.NOTIFICATION_RETRY_BACKOFF * 2**retries, 3600))


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> bool:
    """Idempotent: sends only a pending notification, claimed atomically (see services)."""
    delay = retry_delay(self.request.retries)
    try:
        return services.notification_deliver(notification_id, retry_in=delay)
    except services.DeliveryError as exc:
        if self.request.retries >= settings.NOTIFICATION_MAX_RETRIES:
            services.notification_fail(notification_id)
            return False
        raise self.retry(exc=exc, countdown=delay.total_seconds()) from exc


@shared_task(acks_late=True)
def send_due_reminders(today: str | None = None) -> dict[str, int]:
    """Daily: every registered reminder source. Running it twice sends nothing twice."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return run_reminder_sources(day)


@shared_task(acks_late=True)
def sweep_notifications() -> dict[str, int]:
    return services.notifications_sweep()
