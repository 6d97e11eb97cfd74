"""Notifications: one row per (reminder key, recipient), shown in the portal and delivered by e-mail once."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker died between claiming and recording the send: the e-mail may or may not have gone out.
    UNCERTAIN = "uncertain", _("Interrupted while sending")
    NO_ADDRESS = "no_address", _("Recipient has no e-mail address")
    CANCELLED = "cancelled", _("Cancelled")


# States a coordinator must look at: nothing fails silently.
NEEDS_ATTENTION = (DeliveryState.FAILED, DeliveryState.UNCERTAIN, DeliveryState.NO_ADDRESS)


class Notification(models.Model):
    """A message for one user: listed in the portal at once, e-mailed at most once per key."""

    key = models.CharField(
        _("reminder key"),
        max_length=255,
        unique=True,
        help_text=_("What, for which object and due date, at which stage, for whom: sent at most once."),
    )
    source = models.CharField(_("source"), max_length=50, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    state = models.CharField(
        _("e-mail"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["content_type", "object_id"], name="notification_target"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        permissions = [("manage_delivery", _("Can see failed notifications and send them again"))]

    def __str__(self) -> str:
        return self.subject
