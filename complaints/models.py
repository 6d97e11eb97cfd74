"""Complaints from citizens: categories and their deadlines, the complaint, its history and files, the O29 guideline."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Department
from core.uploads import private_upload_path

# No 0/O or 1/I: a code read out over the phone or copied from paper stays unambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_SIZE = 3


def new_tracking_code() -> str:
    """'K7Q-4MZ-9TX': 45 random bits, too many to guess through a rate-limited status page."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_SIZE)) for _ in range(CODE_GROUPS))
    return "-".join(groups)


def normalise_tracking_code(text: str) -> str:
    """What a citizen typed ('k7q 4mz9tx') in the stored form ('K7Q-4MZ-9TX'), or '' if it cannot be one."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    size = CODE_GROUPS * CODE_GROUP_SIZE
    if len(letters) != size or any(ch not in CODE_ALPHABET for ch in letters):
        return ""
    return "-".join(letters[i : i + CODE_GROUP_SIZE] for i in range(0, size, CODE_GROUP_SIZE))


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    QR = "qr", _("QR code")
    WALK_IN = "walk_in", _("Walk-in")
    TELEPHONE = "telephone", _("Telephone")
    LETTER = "letter", _("Letter")
    FACEBOOK = "facebook", _("Facebook page message")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    EMAIL = "email", _("E-mail")


# Channels a staff member records a complaint from; web and QR come in by themselves.
STAFF_CHANNELS = [c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.QR)]


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


OPEN_STATES = (State.RECEIVED, State.ACKNOWLEDGED, State.ASSIGNED, State.IN_PROGRESS)
FINISHED_STATES = (State.RESOLVED, State.REJECTED, State.CLOSED)


# What identifies the complainant, and the text of the complaint.
IDENTITY_FIELDS = ("name", "phone", "email", "address")
PRIVATE_FIELDS = (*IDENTITY_FIELDS, "subject", "description", "location")


# About a working year: a deadline further away is a typing mistake, and counting that many working days
# past the calendar's end was a server error on every complaint of the category.
MAX_WORKING_DAYS = 250
DAYS_HELP = format_lazy(_("Working days, from 1 to {most}."), most=MAX_WORKING_DAYS)


class Category(Bilingual, models.Model):
    """A kind of complaint, with its own deadlines; corruption categories are confidential."""

    name_th = models.CharField(_("name (Thai)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_corruption = models.BooleanField(
        _("corruption and misconduct"),
        default=False,
        help_text=_("Complaints of this category are seen only by users allowed to handle corruption complaints."),
    )
    days_to_acknowledge = models.PositiveSmallIntegerField(
        _("working days to acknowledge"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS)],
        help_text=DAYS_HELP,
    )
    days_to_resolve = models.PositiveSmallIntegerField(
        _("working days to resolve"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WORKING_DAYS)],
        help_text=DAYS_HELP,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("offered on the forms"), default=True)

    class Meta:
        ordering = ["order", "name_th"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    tracking_code = models.CharField(
        _("tracking code"), max_length=11, unique=True, default=new_tracking_code, editable=False
    )
    # The one-time token of the form that sent it: a replayed POST finds it taken.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.WEB)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    location = models.CharField(_("place concerned"), max_length=300, blank=True)
    # Personal data: shown only to users allowed to see the complainant's identity.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_handled",
    )
    received_at = models.DateTimeField(_("received at"))
    acknowledge_due = models.DateField(_("acknowledge by"))
    resolve_due = models.DateField(_("resolve by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Working days taken, kept at the transition so statistics average them in the database.
    acknowledge_days = models.PositiveSmallIntegerField(_("working days to acknowledge"), null=True, blank=True)
    resolve_days = models.PositiveSmallIntegerField(_("working days to finish"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("coordinate_complaints", _("Can see, assign and report on the complaints of every department")),
            ("handle_corruption", _("Can see and handle corruption and misconduct complaints")),
            ("view_complainant_identity", _("Can see who filed a complaint")),
        ]
        indexes = [
            models.Index(fields=["state", "received_at"]),
            models.Index(fields=["department", "state"]),
            models.Index(fields=["handler", "state"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["resolve_due"]),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def is_corruption(self) -> bool:
        return self.category.is_corruption

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ComplaintEvent(models.Model):
    """One step in a complaint's life: who moved it from which state to which, and what they wrote."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    public_reply = models.TextField(_("reply to the complainant"), max_length=5000, blank=True)
    internal_note = models.TextField(_("internal note"), max_length=5000, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_state} → {self.to_state}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    # Set for a file sent with a step; a file with a public reply is shown to the complainant too.
    event = models.ForeignKey(
        ComplaintEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    public = models.BooleanField(_("shown to the complainant"), default=False)
    file = models.FileField(_("file"), upload_to=private_upload_path("complaints"))
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        # Never the file's name: it can name the complainant, and this is the label the audit log keeps.
        return f"{self.complaint_id}/{self.pk} · {self.content_type}"


class Guideline(models.Model):
    """The complaint-handling guideline (O29): one text the coordinator edits and publishes."""

    SINGLETON_PK = 1

    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"))
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("complaint-handling guideline")
        verbose_name_plural = _("complaint-handling guideline")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)
