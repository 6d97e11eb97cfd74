"""Writes of the report archive: report jobs run by the worker, and the evidence index report."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError

from core.fiscal import Round
from core.models import FiscalYear, Report
from core.pdf import render_report
from core.round_reports import round_report

from .models import ACTIVE_STATES, EVIDENCE_INDEX, JobState, ReportJob
from .package import index_header, index_rows

logger = logging.getLogger(__name__)

WORKER_UNREACHABLE = "The report worker could not be reached."


def _give_up_stale_jobs() -> None:
    """A job whose task was lost (the broker restarted empty) must not block new requests forever."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALE_AFTER)
    ReportJob.objects.filter(state__in=ACTIVE_STATES, created_at__lt=cutoff).update(
        state=JobState.FAILED, error="Gave up: not finished in time.", finished_at=timezone.now()
    )


def report_job_request(*, kind: str, fiscal_year: FiscalYear, round_: str, user: User | None) -> ReportJob:
    """Ask the worker for a round report; a request for one already on its way gets that job.

    Only a person allowed to generate that kind may ask (generating attaches evidence and puts
    earlier evidence of the report back to review); ``user`` None is the schedule. The task is sent
    once the request's transaction commits, so the worker always finds the job.
    """
    if not round_report(kind).may_generate(user):  # an unknown kind fails here, not later in the worker
        raise PermissionDenied
    _give_up_stale_jobs()
    same_report = {"kind": kind, "fiscal_year": fiscal_year, "round": round_}
    active = ReportJob.objects.filter(**same_report, state__in=ACTIVE_STATES).first()
    if active is not None:
        return active
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(**same_report, requested_by=user if user and user.is_authenticated else None)
    except IntegrityError:  # another request created it a moment ago
        return ReportJob.objects.get(**same_report, state__in=ACTIVE_STATES)
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import generate_round_report  # tasks.py wraps this module: imported late to avoid a cycle

    try:
        generate_round_report.delay(job_id)
    except OperationalError:
        logger.exception("Could not queue report job %s", job_id)
        ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.FAILED, error=WORKER_UNREACHABLE, finished_at=timezone.now()
        )


def report_job_run(job_id: int) -> ReportJob | None:
    """Generate the job's report (in the worker); idempotent, so a redelivered task does no harm.

    A finished job is left as it is. The row stays locked while the report is generated, so a
    second delivery of the same task waits and then finds the job done instead of making a
    second report.
    """
    if not ReportJob.objects.filter(pk=job_id).exists():
        logger.warning("Report job %s no longer exists; task ignored", job_id)
        return None
    updated = ReportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    if updated:
        logger.info("Report job %s started", job_id)
    try:
        with transaction.atomic():
            job = (
                ReportJob.objects.select_for_update(of=("self",))
                .select_related("fiscal_year", "requested_by")
                .get(pk=job_id)
            )
            if not job.is_active:
                return job
            report = round_report(job.kind).generate(job.fiscal_year, job.round, job.requested_by)
            job.state, job.report, job.finished_at = JobState.DONE, report, timezone.now()
            job.save(update_fields=["state", "report", "finished_at"])
            return job
    except Exception as exc:
        # Whatever broke, the person waiting must learn it failed; the details go to the log.
        logger.exception("Report job %s failed", job_id)
        # A ValidationError names a cause the person can fix (no coordinating department, no such OIT item).
        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else ""
        ReportJob.objects.filter(pk=job_id, state__in=ACTIVE_STATES).update(
            state=JobState.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            reason=reason,
            finished_at=timezone.now(),
        )
        return ReportJob.objects.get(pk=job_id)


@transaction.atomic
def evidence_index_report(fiscal_year: FiscalYear, round_: str, user: User | None = None) -> Report:
    """The index of all evidence of a fiscal year, per indicator and OIT item, as an archived PDF."""
    title = _("Index of evidence per indicator and OIT item")
    return render_report(
        kind=EVIDENCE_INDEX,
        title=f"{title} {fiscal_year.year}",
        template_name="archive/pdf/evidence_index.html",
        context={
            "title": title,
            "fiscal_year": fiscal_year,
            "round_label": Round(round_).label,
            "header": index_header(),
            "rows": index_rows(fiscal_year),
        },
        fiscal_year=fiscal_year,
        round_=round_,
        user=user,
    )
