"""Celery tasks of the notifications app: thin wrappers over services and the reminder registry."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .reminders import ReminderSourceError, reminder_still_due, run_reminder_sources

REMINDER_RETRIES = 3
REMINDER_RETRY_BACKOFF = 15 * 60  # seconds, doubled each time


def retry_delay(retries: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base … capped at one hour."""
    return datetime.timedelta(seconds=min(settings.NOTIFICATION_RETRY_BACKOFF * 2**retries, 3600))


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> bool:
    """Idempotent: sends only a pending notification, claimed atomically, and only if its source
    says it still applies (see services and reminders)."""
    delay = retry_delay(self.request.retries)
    try:
        return services.notification_deliver(notification_id, retry_in=delay, still_due=reminder_still_due)
    except services.DeliveryError as exc:
        if self.request.retries >= settings.NOTIFICATION_MAX_RETRIES:
            services.notification_fail(notification_id)
            return False
        raise self.retry(exc=exc, countdown=delay.total_seconds()) from exc


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(ReminderSourceError,),
    max_retries=REMINDER_RETRIES,
    retry_backoff=REMINDER_RETRY_BACKOFF,
    retry_backoff_max=4 * REMINDER_RETRY_BACKOFF,
    retry_jitter=False,
)
def send_due_reminders(self, today: str | None = None) -> dict[str, int]:
    """Daily: every registered reminder source. Running it twice sends nothing twice, so a run
    with a failing source is simply run again (after 15, 30, 60 minutes)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return run_reminder_sources(day)


@shared_task(acks_late=True)
def sweep_notifications() -> dict[str, int]:
    return services.notifications_sweep()
