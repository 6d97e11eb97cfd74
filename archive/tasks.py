"""Celery tasks of the report archive: thin wrappers over services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def generate_round_report(job_id: int) -> None:
    """Render a requested round report in the worker (idempotent: a finished job is left alone)."""
    services.report_job_run(job_id)
