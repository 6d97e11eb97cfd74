"""Celery tasks of the complaints app: thin wrappers over services."""

from celery import shared_task

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_receipt(complaint_id: int) -> None:
    services.complaint_send_receipt(complaint_id)
