"""Writes of the schedules app: a year's default deadlines, marking them done, feed tokens, round reports."""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.fiscal import Round, fiscal_year_of, round_period
from core.models import FiscalYear
from core.round_reports import RoundReport, round_reports
from core.uploads import inspect_upload
from notifications.services import notifications_cancel_for, notify

from . import selectors
from .defaults import default_deadlines
from .models import CalendarFeed, Deadline, RoundReportRun

logger = logging.getLogger(__name__)

PROOF_REQUIRED = _("Give a link or a file that shows the deadline was met.")


@transaction.atomic
def deadlines_ensure_defaults(fiscal_year: FiscalYear) -> int:
    """Create the year's default deadlines that are missing; never touches one the coordinator edited."""
    created = 0
    # Stored text is in the portal's language, whoever (or whichever worker) runs this.
    with translation.override(settings.LANGUAGE_CODE):
        for spec in default_deadlines(fiscal_year.year):
            _deadline, was_created = Deadline.objects.get_or_create(
                fiscal_year=fiscal_year,
                kind=spec.kind,
                defaults={
                    "title": spec.title,
                    "description": spec.description,
                    "starts_on": spec.starts_on,
                    "due_on": spec.due_on,
                },
            )
            created += was_created
    return created


def can_mark_done(user: User, deadline: Deadline) -> bool:
    if user.has_perm("schedules.mark_deadline_done"):
        return True
    # .all(): the calendar page prefetches the responsible people, so this costs no query per deadline.
    responsible = {person.pk for person in deadline.responsible.all()}
    return user.has_perm("schedules.view_deadline") and user.pk in responsible


@transaction.atomic
def deadline_mark_done(
    *, user: User, deadline: Deadline, proof_url: str = "", proof_file: UploadedFile | None = None
) -> Deadline:
    """Done: who, when, and the proof. Reminders stop, including e-mails still waiting to go."""
    if not can_mark_done(user, deadline):
        raise PermissionDenied
    if not proof_url and proof_file is None:
        raise ValidationError(PROOF_REQUIRED, code="proof")
    if proof_file is not None:
        inspected = inspect_upload(proof_file)
        deadline.proof_file.save(f"proof.{inspected.extension}", proof_file, save=False)
    deadline.proof_url = proof_url
    deadline.done_at = timezone.now()
    deadline.done_by = user
    deadline.full_clean()
    deadline.save()
    notifications_cancel_for(deadline)
    return deadline


@transaction.atomic
def deadline_reopen(*, user: User, deadline: Deadline) -> Deadline:
    """Undo a done mark given by mistake; reminders resume from the next daily run."""
    if not user.has_perm("schedules.mark_deadline_done"):
        raise PermissionDenied
    deadline.done_at = None
    deadline.done_by = None
    deadline.save(update_fields=["done_at", "done_by", "updated_at"])
    return deadline


def calendar_feed_of(user: User) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once (a leaked link is revoked)."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def round_just_closed(today) -> tuple[int, str]:
    """The latest fiscal-year round (Buddhist-era year, round) that ended before ``today``."""
    year = fiscal_year_of(today)
    if today > round_period(year, Round.FIRST_HALF).end:
        return year, Round.FIRST_HALF
    return year - 1, Round.FULL_YEAR


def _produce(entry: RoundReport, fiscal_year: FiscalYear, round_: str) -> tuple[RoundReportRun, bool]:
    """Generate one report once per (kind, year, round): the run row is the key and the lock."""
    with transaction.atomic():
        run, _created = RoundReportRun.objects.select_for_update().get_or_create(
            kind=entry.kind, fiscal_year=fiscal_year, round=round_
        )
        if run.report_id:
            return run, False
        try:
            with transaction.atomic():
                run.report = entry.generate(fiscal_year, round_, None)
            run.error = ""
        except Exception as exc:  # one broken report must not stop the others
            logger.exception("round report %s %s %s failed", entry.kind, fiscal_year, round_)
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else f"{type(exc).__name__}: {exc}"
            run.error = message[:2000]
        run.save()
        return run, run.report_id is not None


def round_reports_produce(today) -> list[RoundReportRun]:
    """Generate every registered round report of the round just closed, then tell the coordinators."""
    year, round_ = round_just_closed(today)
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        logger.warning("no fiscal year %s: no round report to produce", year)
        return []
    runs, new = [], []
    for entry in round_reports():
        run, produced = _produce(entry, fiscal_year, round_)
        runs.append(run)
        if produced:
            new.append(run)
    failed = [run for run in runs if run.report_id is None]
    if new or failed:
        _notify_coordinators(fiscal_year, round_, new, failed, today)
    return runs


def _notify_coordinators(fiscal_year, round_, new, failed, today) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            f"- {run.report.title}: {settings.SITE_BASE_URL}{reverse('core:report_download', args=[run.report_id])}"
            for run in new
        ]
        lines += [
            _("- %(kind)s could not be generated: %(error)s") % {"kind": run.kind, "error": run.error} for run in failed
        ]
        subject = _("Round reports of FY%(year)d, %(round)s: %(count)d ready to review") % {
            "year": fiscal_year.year,
            "round": Round(round_).label,
            "count": len(new),
        }
        body = "\n".join(
            [_("The schedule generated these reports and attached them as evidence awaiting review:"), *lines]
        )
        # The key names the reports made in this run (and the failures of this day), so a second run
        # that makes nothing new says nothing, and a retry that repairs a failed report reports it.
        made = ",".join(str(run.report_id) for run in new)
        broken = ",".join(run.kind for run in failed)
        key = f"round-reports:{fiscal_year.year}:{round_}:made:{made}:failed:{broken}:{today.isoformat()}"
        for coordinator in selectors.coordinators():
            notify(
                key=f"{key}:user:{coordinator.pk}",
                source="round_reports",
                recipient=coordinator,
                subject=subject,
                body=body,
                link=reverse("archive:report_list"),
                due_date=round_period(fiscal_year.year, round_).end,
            )
