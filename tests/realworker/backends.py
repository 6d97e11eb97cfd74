"""E-mail backends for the delivery tests: they record every message in a folder another process can read.

TEST_MAIL_DIR names the folder. Marker files in it steer the next send, so a test can make a
worker's mail server fail or make the worker die right after a message went out:
  fail-smtp          every send raises an SMTP error (nothing is recorded)
  crash-after-send   the message is recorded, the marker removed, and the process dies at once
"""

import os
import smtplib
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def mail_dir() -> Path:
    return Path(os.environ["TEST_MAIL_DIR"])


def sent_messages() -> list[str]:
    return sorted(path.read_text(encoding="utf-8") for path in mail_dir().glob("*.eml"))


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = mail_dir()
        for message in email_messages:
            if (folder / "fail-smtp").exists():
                raise smtplib.SMTPServerDisconnected("test mail server is down")
            (folder / f"{uuid.uuid4().hex}.eml").write_text(
                f"To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}", encoding="utf-8"
            )
            crash = folder / "crash-after-send"
            if crash.exists():
                crash.unlink()
                os._exit(1)  # the worker process dies after the send, before recording it
        return len(email_messages)
