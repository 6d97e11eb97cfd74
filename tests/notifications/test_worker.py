"""Exactly-once delivery with a real Redis and real Celery worker processes (see tests/realworker for the setup)."""

import datetime

import pytest

from notifications.models import DeliveryState, Notification
from notifications.services import notifications_sweep
from schedules.models import Deadline, DeadlineKind
from tests.realworker import REALWORKER_GROUP, running_worker, wait_until, worker_ready  # noqa: F401 - worker_ready is a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("worker_ready"),
    pytest.mark.xdist_group(REALWORKER_GROUP),
]

DELIVER = "notifications.tasks.deliver_notification"
REMINDERS = "notifications.tasks.send_due_reminders"


def _mails(worker) -> list[str]:
    return sorted(path.read_text(encoding="utf-8") for path in worker.mail_dir.glob("*.eml"))


def _settled() -> bool:
    return not Notification.objects.filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING]).exists()


@pytest.fixture
def responsible(users):
    for name in ("staff", "coordinator"):
        users[name].email = f"{name}@example.test"
        users[name].save()
    return [users["staff"], users["coordinator"]]


@pytest.fixture
def deadline(fiscal_year, responsible) -> Deadline:
    deadline = Deadline.objects.get(fiscal_year=fiscal_year, kind=DeadlineKind.EPLAN_6_MONTHS)
    deadline.responsible.set(responsible)
    return deadline


def _pending(user, key="test:1") -> Notification:
    return Notification.objects.create(key=key, source="test", recipient=user, subject="ทดสอบ", body="เนื้อความ")


def test_reminder_task_run_twice_by_two_workers_at_once_sends_one_e_mail_per_key(tmp_path, deadline, responsible):
    today = "2021-04-23"  # 7 days before the E-Plan 6-month deadline
    with running_worker(tmp_path, nodes=2) as worker:
        results = [worker.send(REMINDERS, today) for _ in range(4)]
        for result in results:
            result.get(timeout=60)
        wait_until(_settled, what="the deliveries")

        # The E-Plan deadline to its two responsible people; the OIT window (also closing 30 April,
        # nobody named) to the coordinator: three keys, three e-mails, whatever ran twice.
        oit = Deadline.objects.get(fiscal_year=deadline.fiscal_year, kind=DeadlineKind.OIT_SUBMISSION)
        coordinator = responsible[1]
        keys = set(Notification.objects.values_list("key", flat=True))
        assert keys == {f"deadline:{deadline.pk}:2021-04-30:d-7:user:{user.pk}" for user in responsible} | {
            f"deadline:{oit.pk}:2021-04-30:d-7:user:{coordinator.pk}"
        }
        mails = _mails(worker)
        assert len(mails) == 3, worker.log_text()
        recipients = sorted(mail.splitlines()[0] for mail in mails)
        assert recipients == ["To: coordinator@example.test"] * 2 + ["To: staff@example.test"]
        assert set(Notification.objects.values_list("state", "attempts")) == {(DeliveryState.SENT, 1)}

        # The same notification delivered by several tasks at once, on two workers: one e-mail.
        notification = _pending(responsible[0])
        for result in [worker.send(DELIVER, notification.pk) for _ in range(4)]:
            result.get(timeout=60)
        assert len(_mails(worker)) == 4
        notification.refresh_from_db()
        assert (notification.state, notification.attempts) == (DeliveryState.SENT, 1)


def test_worker_killed_after_sending_is_retried_and_does_not_send_again(tmp_path, responsible, client):
    with running_worker(tmp_path) as worker:
        (worker.mail_dir / "crash-after-send").touch()
        notification = _pending(responsible[0])
        result = worker.send(DELIVER, notification.pk)
        # The first process dies after the send; acks_late + reject_on_worker_lost redeliver the task,
        # and the retry finds the notification claimed ("sending"): it sends nothing.
        assert result.get(timeout=90) is False
        assert "WorkerLostError" in worker.log_text()

    assert len(_mails(worker)) == 1
    notification.refresh_from_db()
    assert notification.state == DeliveryState.SENDING
    assert notification.attempts == 1

    # Later the sweep reports it to the coordinator as interrupted (it may or may not have arrived).
    notifications_sweep(now=notification.claimed_at + datetime.timedelta(hours=1))
    notification.refresh_from_db()
    assert notification.state == DeliveryState.UNCERTAIN
    client.force_login(responsible[1])  # the coordinator
    assert "ทดสอบ" in client.get("/notifications/failed/").content.decode()


def test_smtp_failure_is_retried_with_backoff_then_listed_as_failed(tmp_path, responsible, users, client):
    with running_worker(tmp_path) as worker:
        (worker.mail_dir / "fail-smtp").touch()
        notification = _pending(responsible[0])
        assert worker.send(DELIVER, notification.pk).get(timeout=60) is False  # after 1 s and 2 s of backoff

    assert _mails(worker) == []
    notification.refresh_from_db()
    assert notification.state == DeliveryState.FAILED
    assert notification.attempts == 3  # NOTIFICATION_MAX_RETRIES=2 in the test worker
    assert "SMTPServerDisconnected" in notification.last_error
    assert worker.log_text().count("Retry in") == 2

    client.force_login(users["coordinator"])
    page = client.get("/notifications/failed/").content.decode()
    assert "ทดสอบ" in page
    assert "SMTPServerDisconnected" in page
