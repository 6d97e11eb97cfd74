"""The organisation running the portal, its departments, fiscal years, users and generated reports."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fiscal import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, Period, Round, fiscal_year_period, round_period
from .uploads import private_upload_path


class Bilingual:
    """`name` in the UI language: the English field when English is on and filled, else Thai."""

    thai_field = "name_th"
    english_field = "name_en"

    @property
    def name(self) -> str:
        english = getattr(self, self.english_field, "")
        return english if get_language() == "en" and english else getattr(self, self.thai_field)


class Organisation(Bilingual, models.Model):
    """The one local organisation this installation serves (a singleton row)."""

    SINGLETON_PK = 1

    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to=private_upload_path("logo"), blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    coordinating_department = models.ForeignKey(
        "Department",
        verbose_name=_("ITA coordinating department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Owns the reports the portal generates for the whole organisation (O16, O31, O43 …)."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name_th

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)


class Department(Bilingual, models.Model):
    """A division of the organisation (สำนัก/กอง): the unit that owns records."""

    name_th = models.CharField(_("name (Thai)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_th"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        permissions = [
            ("view_all_departments", _("Can see the work of every department")),
            ("change_all_departments", _("Can record work for every department")),
        ]

    def __str__(self) -> str:
        return self.name


class FiscalYear(models.Model):
    """A Thai government fiscal year, named by its Buddhist-era year (FY2564)."""

    year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        unique=True,
        validators=[MinValueValidator(FISCAL_YEAR_MIN), MaxValueValidator(FISCAL_YEAR_MAX)],
        help_text=format_lazy(
            _("The Buddhist-era year, from {first} to {last}."), first=FISCAL_YEAR_MIN, last=FISCAL_YEAR_MAX
        ),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def period(self) -> Period:
        return fiscal_year_period(self.year)

    def round_period(self, round_: str) -> Period:
        return round_period(self.year, round_)


class UserProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")

    def __str__(self) -> str:
        return str(self.user)


def new_verification_code() -> str:
    return secrets.token_urlsafe(9)


class Report(models.Model):
    """A generated report file, kept once with its SHA-256 so it can be verified later."""

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, null=True, blank=True
    )
    round = models.CharField(_("round"), max_length=10, choices=Round.choices, blank=True)
    file = models.FileField(_("file"), upload_to=private_upload_path("reports"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    verification_code = models.CharField(
        _("verification code"), max_length=20, unique=True, default=new_verification_code, editable=False
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        ordering = ["-generated_at"]
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")

    def __str__(self) -> str:
        return self.title


class ReportRunState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_RUN_STATES = (ReportRunState.QUEUED, ReportRunState.RUNNING)


class ReportRun(models.Model):
    """One production of a round report for a fiscal year and round, asked for by a person or the schedule.

    The worker fills in the report or the error. Every attempt is counted, so a report that can
    never finish ends as failed instead of being queued forever. ``announced_at`` is for runs of
    the schedule: when the coordinators were told of the outcome.
    """

    kind = models.CharField(_("kind"), max_length=50)
    fiscal_year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scheduled = models.BooleanField(_("by the schedule"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=ReportRunState.choices, default=ReportRunState.QUEUED)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(_("error"), blank=True)
    reason = models.TextField(
        _("reason given"), blank=True, help_text=_("Why it failed, in words for the person waiting (a fixable cause).")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    attempted_at = models.DateTimeField(
        _("last queued or started at"),
        null=True,
        blank=True,
        help_text=_("A run still unfinished long after this is queued again (its task was lost or killed)."),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    announced_at = models.DateTimeField(_("coordinators told at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two requests for the same report while one is on its way share that run,
            # even when they race: the database keeps a single active one.
            models.UniqueConstraint(
                fields=["kind", "fiscal_year", "round"],
                condition=models.Q(state__in=ACTIVE_RUN_STATES),
                name="core_one_active_run_per_report",
            ),
        ]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self) -> str:
        return f"{self.kind} {self.fiscal_year} {self.round} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_RUN_STATES


class Holiday(Bilingual, models.Model):
    """A public holiday the organisation is closed on: skipped, like weekends, when deadlines are counted."""

    date = models.DateField(_("date"), unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class SpreadsheetImport(models.Model):
    """A spreadsheet uploaded to import rows (core.spreadsheets): kept, never served publicly, between its
    preview and its commit, and afterwards the record of who imported what, when, and what it changed."""

    kind = models.CharField(_("import"), max_length=50)
    file = models.FileField(_("file"), upload_to=private_upload_path("imports"))
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    new = models.PositiveIntegerField(_("new"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("first errors"), default=list, blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def may_commit(self) -> bool:
        return self.committed_at is None and not self.error_count and self.rows > 0
