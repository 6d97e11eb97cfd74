"""Celery tasks of the schedules app: thin wrappers over services."""

import datetime

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(acks_late=True)
def produce_round_reports(today: str | None = None) -> dict[str, int | None]:
    """1 April and 1 October: queue every round report of the round just closed (idempotent per kind/year/round)."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return {run.kind: run.report_id for run in services.round_reports_start(day)}


@shared_task(acks_late=True)
def sweep_round_reports() -> int:
    """Announce the rounds whose scheduled reports all finished but were never announced (a worker died)."""
    return services.round_reports_announce()
