"""Writes of the notifications app: recording a notification, delivering its e-mail exactly once, read marks.

Delivery is claimed before the SMTP call and recorded right after it, in two short transactions:

1. claim:  UPDATE … SET state='sending' WHERE pk=… AND state='pending'  (only one worker wins)
2. send the e-mail
3. record: UPDATE … SET state='sent'

A second worker, or the same task run again, finds the row no longer pending and sends nothing.
A worker killed between 1 and 3 leaves the row "sending": its retry sends nothing, and the sweep
later marks it "uncertain" and lists it for the coordinator, who can send it again. The residual
window is the SMTP call itself: the database cannot commit in the same transaction as the mail
server, so an interrupted send is reported as uncertain rather than risked twice.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import NEEDS_ATTENTION, DeliveryState, Notification

logger = logging.getLogger(__name__)

NOT_RESENDABLE = gettext_lazy("Only a failed or interrupted notification can be sent again.")


class DeliveryError(Exception):
    """The mail server refused or could not be reached; the task retries."""


def _enqueue(notification_id: int) -> None:
    from .tasks import deliver_notification

    # robust: a broker that is down must not undo the committed notification;
    # the sweep queues whatever is still pending later.
    transaction.on_commit(lambda: deliver_notification.delay(notification_id), robust=True)


def notify(
    *,
    key: str,
    source: str,
    recipient: User,
    subject: str,
    body: str = "",
    link: str = "",
    due_date: datetime.date | None = None,
    target: models.Model | None = None,
) -> Notification | None:
    """Record a notification under ``key`` and queue its e-mail; None if that key was already recorded."""
    if Notification.objects.filter(key=key).exists():
        return None
    notification = Notification(
        key=key,
        source=source,
        recipient=recipient,
        subject=subject[:300],
        body=body,
        link=link,
        due_date=due_date,
        next_attempt_at=timezone.now(),
    )
    if target is not None:
        notification.content_type = ContentType.objects.get_for_model(target)
        notification.object_id = target.pk
    if not recipient.email:
        notification.state = DeliveryState.NO_ADDRESS
    try:
        with transaction.atomic():
            notification.save()
    except IntegrityError:
        return None  # another worker recorded the same key first
    if notification.state == DeliveryState.PENDING:
        _enqueue(notification.pk)
    return notification


def absolute_url(link: str) -> str:
    return f"{settings.SITE_BASE_URL}{link}" if link.startswith("/") else link


def _email(notification: Notification) -> EmailMessage:
    parts = [notification.body.strip()]
    if notification.link:
        parts.append(absolute_url(notification.link))
    parts.append(
        _("All your notifications: %(url)s") % {"url": absolute_url(reverse("notifications:inbox"))},
    )
    return EmailMessage(
        subject=notification.subject,
        body="\n\n".join(part for part in parts if part),
        to=[notification.recipient.email],
    )


def notification_deliver(
    notification_id: int,
    *,
    retry_in: datetime.timedelta,
    still_due: Callable[[Notification], bool] | None = None,
) -> bool:
    """Send the notification's e-mail if it is still pending. True if this call sent it.

    ``still_due`` is asked first: a reminder that no longer applies (the deadline was marked done
    while the e-mail waited) is cancelled instead. Raises DeliveryError (the row is pending again,
    due in ``retry_in``) when the mail server fails or does not answer within EMAIL_TIMEOUT.
    """
    now = timezone.now()
    pending = Notification.objects.filter(pk=notification_id, state=DeliveryState.PENDING)
    notification = pending.select_related("recipient").first()
    if notification is not None and still_due is not None and not still_due(notification):
        pending.update(state=DeliveryState.CANCELLED, next_attempt_at=None)
        logger.info("notification %s no longer applies: cancelled", notification_id)
        return False
    # A row that was not pending when read is not claimed even if it has become pending since.
    if notification is None or not pending.update(
        state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    ):
        logger.info("notification %s is not pending: nothing to send", notification_id)
        return False
    try:
        _email(notification).send()
    except (smtplib.SMTPException, OSError) as exc:
        Notification.objects.filter(pk=notification_id, state=DeliveryState.SENDING).update(
            state=DeliveryState.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=now + retry_in,
        )
        raise DeliveryError(str(exc)) from exc
    Notification.objects.filter(pk=notification_id).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return True


def notification_fail(notification_id: int) -> None:
    """After the last retry: listed for the coordinator on the failed notifications page."""
    Notification.objects.filter(pk=notification_id, state=DeliveryState.PENDING).update(
        state=DeliveryState.FAILED, next_attempt_at=None
    )


def notifications_sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Catch what a crash or a broker outage left behind, so nothing is silently dropped.

    - "sending" longer than a task may run: the worker died mid-send → "uncertain", for the coordinator.
    - "pending" whose attempt is long overdue (the queue lost it, or Redis was down) → queued again.
    """
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    uncertain = Notification.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=stale).update(
        state=DeliveryState.UNCERTAIN
    )
    lost = now - datetime.timedelta(seconds=settings.NOTIFICATION_REQUEUE_AFTER)
    requeued = list(
        Notification.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lt=lost).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=requeued).update(next_attempt_at=now)
    for pk in requeued:
        _enqueue(pk)
    return {"uncertain": uncertain, "requeued": len(requeued)}


@transaction.atomic
def notification_resend(*, user: User, notification: Notification) -> Notification:
    if not user.has_perm("notifications.manage_delivery"):
        raise PermissionDenied
    if notification.state not in NEEDS_ATTENTION:
        raise ValueError(NOT_RESENDABLE)
    if not notification.recipient.email:
        notification.state = DeliveryState.NO_ADDRESS
    else:
        notification.state = DeliveryState.PENDING
        notification.next_attempt_at = timezone.now()
    notification.save(update_fields=["state", "next_attempt_at"])
    if notification.state == DeliveryState.PENDING:
        _enqueue(notification.pk)
    return notification


def notification_mark_read(*, user: User, notification: Notification) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
