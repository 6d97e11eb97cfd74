"""A mail server that accepts the connection and never answers: the send gives up after EMAIL_TIMEOUT
and is retried like any other mail-server failure, instead of holding the worker until its time limit."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.exceptions import Retry

from notifications.models import DeliveryState, Notification
from notifications.services import notify
from notifications.tasks import deliver_notification

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def silent_mail_server():
    """Listening, never accepting: the kernel completes the connection, then nothing is ever said."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


def test_a_mail_server_that_never_answers_is_a_failure_retried_later(settings, users, silent_mail_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_mail_server
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    settings.NOTIFICATION_RETRY_BACKOFF = 10
    users["staff"].email = "staff@example.test"
    users["staff"].save()
    notification = notify(key="stalled", source="test", recipient=users["staff"], subject="ทดสอบ")

    started = time.monotonic()
    with pytest.raises(Retry) as retry:
        deliver_notification.apply(args=[notification.pk])
    assert time.monotonic() - started < 10
    assert retry.value.when == 10
    notification = Notification.objects.get(pk=notification.pk)
    assert (notification.state, notification.attempts) == (DeliveryState.PENDING, 1)
    assert "timed out" in notification.last_error


def _email_timeout(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "EMAIL_TIMEOUT"} | {"DEBUG": "1", **env}
    environment["DJANGO_SETTINGS_MODULE"] = "takbai_ita.settings"
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_mail_timeout_is_30_seconds_unless_the_environment_says_otherwise():
    assert _email_timeout() == "30"
    assert _email_timeout(EMAIL_TIMEOUT="5") == "5"
