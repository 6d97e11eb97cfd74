"""Celery tasks of core: thin wrappers over services."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import report_runs


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def run_report(self, run_id: int) -> None:
    """Generate a requested round report (idempotent: a finished run is left alone)."""
    try:
        report_runs.report_run_produce(run_id)
    except SoftTimeLimitExceeded as exc:
        # Tried again later, each try counted: past REPORT_RUN_ATTEMPTS the run is recorded as failed.
        raise self.retry(exc=exc, countdown=settings.REPORT_RUN_RETRY_AFTER) from exc


@shared_task(acks_late=True)
def sweep_report_runs() -> int:
    """Queue again the report runs whose task was lost or killed."""
    return report_runs.report_runs_sweep()
