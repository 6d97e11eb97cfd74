"""My notifications, the unread badge (one query), read marks, and the coordinator's failed list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from notifications.models import DeliveryState, Notification
from notifications.services import notification_resend

pytestmark = pytest.mark.django_db


def _notify(user, key, **extra) -> Notification:
    return Notification.objects.create(key=key, source="test", recipient=user, subject=f"เรื่อง {key}", **extra)


def test_the_navbar_shows_my_unread_count_in_one_query(client, users):
    for n in range(3):
        _notify(users["staff"], f"k{n}")
    _notify(users["coordinator"], "other")
    client.force_login(users["staff"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/notifications/").content.decode()
    assert '<span class="badge text-bg-warning" id="notifications-link-count">3</span>' in page
    assert "เรื่อง other" not in page
    assert sum("notifications_notification" in q["sql"] and "COUNT" in q["sql"] for q in queries) == 2  # badge + pager


def test_opening_marks_read_and_follows_the_link(client, users):
    notification = _notify(users["staff"], "a", link="/calendar/?year=2564")
    client.force_login(users["staff"])
    response = client.post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2564"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'id="notifications-link-count"' not in client.get("/notifications/").content.decode()


def test_an_outside_link_is_not_followed(client, users):
    notification = _notify(users["staff"], "a", link="https://evil.example/")
    client.force_login(users["staff"])
    assert client.post(f"/notifications/{notification.pk}/open/")["Location"] == "/notifications/"


def test_nobody_opens_someone_elses_notification(client, users):
    notification = _notify(users["staff"], "a")
    client.force_login(users["other_staff"])
    assert client.post(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, users):
    _notify(users["staff"], "a")
    _notify(users["staff"], "b")
    client.force_login(users["staff"])
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=users["staff"], read_at__isnull=True).exists()


@pytest.mark.parametrize("role", ["staff", "executive", "auditor", "no_role"])
def test_only_the_coordinator_sees_failed_notifications(client, users, role):
    client.force_login(users[role])
    assert client.get("/notifications/failed/").status_code == 403
    failed = _notify(users["staff"], "f", state=DeliveryState.FAILED)
    assert client.post(f"/notifications/{failed.pk}/resend/").status_code == 403


def test_the_coordinator_resends_a_failed_notification(client, users, django_capture_on_commit_callbacks, mailoutbox):
    users["staff"].email = "staff@example.test"
    users["staff"].save()
    failed = _notify(users["staff"], "f", state=DeliveryState.FAILED, attempts=6, last_error="SMTPServerDisconnected")
    no_address = _notify(users["other_staff"], "n", state=DeliveryState.NO_ADDRESS)
    sent = _notify(users["staff"], "s", state=DeliveryState.SENT)
    client.force_login(users["coordinator"])
    page = client.get("/notifications/failed/").content.decode()
    assert "เรื่อง f" in page
    assert "เรื่อง n" in page
    assert "เรื่อง s" not in page

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/notifications/{failed.pk}/resend/").status_code == 302
    failed.refresh_from_db()
    assert failed.state == DeliveryState.SENT
    assert [m.to for m in mailoutbox] == [["staff@example.test"]]

    client.post(f"/notifications/{no_address.pk}/resend/")
    no_address.refresh_from_db()
    assert no_address.state == DeliveryState.NO_ADDRESS  # still nowhere to send it; still listed

    client.post(f"/notifications/{sent.pk}/resend/")  # a sent one is not sent twice
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("th", "ส่งใหม่ได้เฉพาะการแจ้งเตือนที่ส่งไม่สำเร็จหรือถูกขัดจังหวะเท่านั้น"),
        ("en", "Only a failed or interrupted notification can be sent again."),
    ],
)
def test_the_not_resendable_message_is_in_the_language_of_the_moment(users, language, expected):
    # Translated when it is shown, not when the module was imported (in whichever language that was).
    sent = _notify(users["staff"], "s", state=DeliveryState.SENT)
    with translation.override(language), pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        notification_resend(user=users["coordinator"], notification=sent)
