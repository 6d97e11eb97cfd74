"""The reminder mechanism in-process: stages, one notification per key, delivery states, retries."""

import datetime

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from notifications import reminders
from notifications.models import DeliveryState, Notification
from notifications.reminders import Due, reminder_stage, send_reminders
from notifications.services import notifications_sweep
from notifications.tasks import deliver_notification, send_due_reminders

DUE = datetime.date(2021, 4, 30)


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (datetime.date(2021, 3, 30), None),  # 31 days before: nothing yet
        (datetime.date(2021, 3, 31), "d-30"),
        (datetime.date(2021, 4, 10), "d-30"),  # a missed day catches up, under the same key
        (datetime.date(2021, 4, 16), "d-14"),
        (datetime.date(2021, 4, 23), "d-7"),
        (datetime.date(2021, 4, 29), "d-1"),
        (datetime.date(2021, 4, 30), "d-1"),  # due today, yesterday's reminder not yet sent
        (datetime.date(2021, 5, 1), "overdue-1"),  # the day after
        (datetime.date(2021, 5, 7), "overdue-1"),
        (datetime.date(2021, 5, 8), "overdue-8"),  # weekly while late
        (datetime.date(2021, 5, 28), "overdue-22"),
        (datetime.date(2021, 5, 29), "overdue-29"),  # weekly for as long as it is not done
        (datetime.date(2022, 4, 30), "overdue-365"),
    ],
)
def test_reminder_stage(today, stage):
    assert reminder_stage(DUE, today, before=(30, 14, 7, 1)) == stage


def _due(users, key="thing:1:2021-04-30:d-7") -> Due:
    return Due(key=key, recipients=users, subject="ครบกำหนดในอีก 7 วัน", body="รายละเอียด", link="/calendar/")


@pytest.fixture
def mailed_users(users):
    for name in ("staff", "coordinator"):
        users[name].email = f"{name}@example.test"
        users[name].save()
    return users


def test_a_key_is_sent_once_per_person_however_often_the_source_runs(
    settings, mailed_users, django_capture_on_commit_callbacks
):
    people = [mailed_users["staff"], mailed_users["coordinator"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders("test", [_due(people)]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders("test", [_due(people), _due(people)]) == 0

    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.test", "staff@example.test"]
    sent = Notification.objects.get(recipient=mailed_users["staff"])
    assert sent.key == f"thing:1:2021-04-30:d-7:user:{mailed_users['staff'].pk}"
    assert (sent.state, sent.attempts) == (DeliveryState.SENT, 1)
    assert sent.sent_at is not None
    assert f"{settings.SITE_BASE_URL}/calendar/" in mail.outbox[0].body


def test_a_person_without_e_mail_still_sees_it_in_the_portal_and_the_coordinator_is_told(users):
    send_reminders("test", [_due([users["staff"]])])
    notification = Notification.objects.get()
    assert notification.state == DeliveryState.NO_ADDRESS
    assert mail.outbox == []


def test_smtp_failure_is_retried_with_backoff_then_listed_as_failed(settings, tmp_path, monkeypatch, mailed_users):
    """In-process: each failed attempt puts the row back to pending with the backoff; the last marks it failed.
    (The real retry chain through Redis is in test_worker.py.)"""
    monkeypatch.setenv("TEST_MAIL_DIR", str(tmp_path))
    (tmp_path / "fail-smtp").touch()
    settings.EMAIL_BACKEND = "tests.realworker.backends.RecordingBackend"
    settings.NOTIFICATION_MAX_RETRIES = 2
    settings.NOTIFICATION_RETRY_BACKOFF = 10
    send_reminders("test", [_due([mailed_users["staff"]])])  # queued on commit, which never comes here
    notification = Notification.objects.get()

    with pytest.raises(Retry) as retry:
        deliver_notification.apply(args=[notification.pk])
    assert retry.value.when == 10
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (DeliveryState.PENDING, 1)
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification.next_attempt_at > timezone.now() + datetime.timedelta(seconds=5)

    with pytest.raises(Retry) as retry:
        deliver_notification.apply(args=[notification.pk], retries=1)
    assert retry.value.when == 20

    assert deliver_notification.apply(args=[notification.pk], retries=2).get() is False
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (DeliveryState.FAILED, 3)
    assert list(tmp_path.glob("*.eml")) == []


def test_backoff_doubles_and_is_capped(settings):
    from notifications.tasks import retry_delay

    settings.NOTIFICATION_RETRY_BACKOFF = 60
    assert [retry_delay(n).total_seconds() for n in range(4)] == [60, 120, 240, 480]
    assert retry_delay(20).total_seconds() == 3600


def test_sweep_flags_an_interrupted_send_and_requeues_a_lost_one(mailed_users, django_capture_on_commit_callbacks):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    staff = mailed_users["staff"]
    interrupted = Notification.objects.create(
        key="a", source="test", recipient=staff, subject="a", state=DeliveryState.SENDING, claimed_at=long_ago
    )
    lost = Notification.objects.create(key="b", source="test", recipient=staff, subject="b", next_attempt_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_sweep() == {"uncertain": 1, "requeued": 1}
    interrupted.refresh_from_db()
    lost.refresh_from_db()
    assert interrupted.state == DeliveryState.UNCERTAIN
    assert lost.state == DeliveryState.SENT
    assert [m.subject for m in mail.outbox] == ["b"]


@pytest.fixture
def broken_and_working(monkeypatch, users):
    def broken(today):
        raise RuntimeError("boom")

    def working(today):
        return [_due([users["staff"]], key=f"ok:{today.isoformat()}")]

    monkeypatch.setattr(reminders, "_sources", {"broken": broken, "working": working})


@pytest.mark.usefixtures("broken_and_working")
def test_one_failing_source_does_not_stop_the_others_and_the_coordinators_hear_of_it_once_a_day(users):
    for _run in range(2):  # the run and its retry
        with pytest.raises(reminders.ReminderSourceError, match="broken"):
            reminders.run_reminder_sources(datetime.date(2021, 4, 1))
    assert Notification.objects.filter(source="working").count() == 1
    [notice] = Notification.objects.filter(source=reminders.FAILED_SOURCE)
    assert notice.recipient == users["coordinator"]
    assert "broken" in notice.subject
    assert "RuntimeError" in notice.body
    assert notice.link == "/notifications/failed/"

    with pytest.raises(reminders.ReminderSourceError):
        reminders.run_reminder_sources(datetime.date(2021, 4, 2))
    assert Notification.objects.filter(source=reminders.FAILED_SOURCE).count() == 2  # the next day, again


@pytest.mark.usefixtures("broken_and_working")
def test_the_daily_task_is_retried_when_a_source_fails():
    with pytest.raises(Retry) as retry:
        send_due_reminders.apply(args=["2021-04-01"])
    assert retry.value.when == 15 * 60
    assert send_due_reminders.max_retries == 3


@pytest.fixture
def checked_source(monkeypatch):
    """A source whose reminders still apply only while ``state["open"]``."""
    state = {"open": True}
    monkeypatch.setattr(reminders, "_sources", dict(reminders._sources))
    monkeypatch.setattr(reminders, "_checks", dict(reminders._checks))
    reminders.register_reminder_source("checked", lambda today: [], still_due=lambda notification: state["open"])
    return state


def test_a_reminder_that_no_longer_applies_is_cancelled_when_its_turn_comes(mailed_users, checked_source):
    send_reminders("checked", [_due([mailed_users["staff"]], key="a")])  # queued on commit, which never comes here
    checked_source["open"] = False  # meanwhile the thing was done
    notification = Notification.objects.get()
    assert deliver_notification.apply(args=[notification.pk]).get() is False
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == (DeliveryState.CANCELLED, 0)
    assert mail.outbox == []

    checked_source["open"] = True
    send_reminders("checked", [_due([mailed_users["staff"]], key="b")])
    assert deliver_notification.apply(args=[Notification.objects.get(key__startswith="b:").pk]).get() is True
    assert len(mail.outbox) == 1


def test_notices_that_are_not_reminders_are_not_checked(mailed_users):
    send_reminders("no-such-source", [_due([mailed_users["staff"]])])
    assert deliver_notification.apply(args=[Notification.objects.get().pk]).get() is True
