"""Celery tasks of the satisfaction app: thin wrappers over services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def refresh_tallies() -> str:
    """Nightly (migration 0005 schedules it): tally the day that just closed, so results pages only read."""
    return services.tallies_refresh().isoformat()
