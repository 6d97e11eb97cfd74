"""The ITA calendar (deadlines per fiscal year) and calendar feed tokens."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import FiscalYear
from core.uploads import private_upload_path
from indicators.models import http_url_validator


class DeadlineKind(models.TextChoices):
    EPLAN_6_MONTHS = "eplan_6m", _("E-Plan NACC 6-month report")
    EPLAN_12_MONTHS = "eplan_12m", _("E-Plan NACC 12-month report")
    OIT_SUBMISSION = "oit_submission", _("OIT submission in the national ITA system")
    OTHER = "other", _("Other")


class Deadline(models.Model):
    """A date the organisation must meet in a fiscal year's ITA work; reminders stop once it is done."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.CASCADE, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("window opens"), null=True, blank=True)
    due_on = models.DateField(_("due date"))
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible people"),
        blank=True,
        related_name="deadlines",
        help_text=_("They receive the reminders; with nobody named, the ITA coordinators do."),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proof_url = models.URLField(
        _("proof (link)"),
        max_length=500,
        blank=True,
        validators=[http_url_validator],
    )
    proof_file = models.FileField(_("proof (file)"), upload_to=private_upload_path("deadlines"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            # The defaults are created once per year; "other" deadlines are free.
            models.UniqueConstraint(
                fields=["fiscal_year", "kind"], condition=~Q(kind="other"), name="deadline_default_kind_once"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=models.F("due_on")),
                name="deadline_starts_before_due",
            ),
        ]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        permissions = [("mark_deadline_done", _("Can mark any deadline done"))]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A user's secret calendar address: calendar apps cannot log in, so the token is the key."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)
