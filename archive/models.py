"""Report jobs: a report someone asked for, rendered by the worker while they wait."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fiscal import Round
from core.models import FiscalYear, Report


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)

# The archive's own report kind: the index of a fiscal year's evidence, the PDF of the auditors' package.
EVIDENCE_INDEX = "evidence_index"


class ReportJob(models.Model):
    """One request to generate a round report; the worker fills in the report or the error."""

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
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    error = models.TextField(_("error"), blank=True)
    reason = models.TextField(
        _("reason given"), blank=True, help_text=_("Why it failed, in words for the person waiting (a fixable cause).")
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two requests for the same report while one is on its way share that job,
            # even when they race: the database keeps a single active one.
            models.UniqueConstraint(
                fields=["kind", "fiscal_year", "round"],
                condition=Q(state__in=ACTIVE_STATES),
                name="archive_one_active_job_per_report",
            ),
        ]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.fiscal_year} {self.round} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES
