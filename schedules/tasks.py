"""Celery tasks of the schedules app: thin wrappers over services."""

import datetime

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def produce_round_reports(today: str | None = None) -> dict[str, int | None]:
    """1 April and 1 October: queue every round report of the round just closed (idempotent per kind/year/round)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return {run.kind: run.report_id for run in services.round_reports_start(day)}


@shared_task(bind=True, acks_late=True, max_retries=None)
def produce_round_report(self, run_id: int) -> int | None:
    """One round report, then the round's notice if it was the last one; the report's id."""
    try:
        run = services.round_report_produce(run_id)
    except SoftTimeLimitExceeded as exc:
        # Tried again later, each try counted: past ROUND_REPORT_ATTEMPTS the run is recorded as failed.
        raise self.retry(exc=exc, countdown=settings.ROUND_REPORT_RETRY_AFTER) from exc
    services.round_reports_announce()
    return run.report_id if run else None


@shared_task(acks_late=True)
def sweep_round_reports() -> int:
    return services.round_reports_sweep()
