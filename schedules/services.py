"""Writes of the schedules app: a year's default deadlines, marking them done, feed tokens, round reports."""

import datetime
import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.fiscal import Round, fiscal_year_of, round_period
from core.models import ACTIVE_RUN_STATES, FiscalYear, ReportRun, ReportRunState
from core.report_runs import report_run_requeue, request_report
from core.round_reports import round_reports
from core.uploads import inspect_upload
from notifications.services import notify

from . import selectors
from .defaults import default_deadlines
from .models import CalendarFeed, Deadline

logger = logging.getLogger(__name__)

LAST_MONTH_OF_FISCAL_YEAR = 9
PROOF_REQUIRED = gettext_lazy("Give a link or a file that shows the deadline was met.")
FINISHED = (ReportRunState.DONE, ReportRunState.FAILED)


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


def calendars_ensure(today: datetime.date) -> None:
    """This fiscal year's calendar, and from 1 September next year's, exist with their default
    deadlines, even if nobody created the year: its E-Plan 12-month report (due in the October
    after) and next year's first deadlines are then never missing. Safe to run every day."""
    year = fiscal_year_of(today)
    years = (year, year + 1) if today.month == LAST_MONTH_OF_FISCAL_YEAR else (year,)
    for year_be in years:
        fiscal_year, created = FiscalYear.objects.get_or_create(year=year_be)
        if not created:  # a new year got its defaults from the post_save signal
            deadlines_ensure_defaults(fiscal_year)


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
    """Done: who, when, and the proof. Reminders stop; an e-mail still waiting to go is cancelled
    when its turn comes (schedules.reminders.deadline_still_due)."""
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


def calendar_feed_reset(user: User) -> CalendarFeed:
    """A new secret address; the old one stops working at once (a leaked link is revoked)."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def round_just_closed(today: datetime.date) -> tuple[int, str]:
    """The latest fiscal-year round (Buddhist-era year, round) that ended before ``today``."""
    year = fiscal_year_of(today)
    if today > round_period(year, Round.FIRST_HALF).end:
        return year, Round.FIRST_HALF
    return year - 1, Round.FULL_YEAR


def round_reports_start(today: datetime.date) -> list[ReportRun]:
    """Queue every registered round report of the round just closed, one worker task each, so a slow
    report neither holds up nor times out the others. A report the schedule already made is left alone;
    a failed one is tried again; one on its way is queued again (this task was delivered again because
    something was lost). Whatever earlier runs made but never announced is announced now."""
    year, round_ = round_just_closed(today)
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        logger.warning("no fiscal year %s: no round report to produce", year)
        return []
    runs = []
    with transaction.atomic():
        for entry in round_reports():
            same_report = ReportRun.objects.filter(kind=entry.kind, fiscal_year=fiscal_year, round=round_)
            made = same_report.filter(scheduled=True, state=ReportRunState.DONE).first()
            if made is not None:
                runs.append(made)
                continue
            on_its_way = same_report.filter(state__in=ACTIVE_RUN_STATES).exists()
            run = request_report(kind=entry.kind, fiscal_year=fiscal_year, round_=round_, user=None, scheduled=True)
            if on_its_way:
                report_run_requeue(run)
            runs.append(run)
    round_reports_announce()
    return runs


def round_reports_announce() -> int:
    """Tell the coordinators, once, of every scheduled run whose outcome they have not heard: one notice
    per round, when none of the round's scheduled reports is still on its way. Returns how many rounds
    were announced.

    The notices and ``announced_at`` commit together, under the runs' row locks: a second announcer
    (another report's task, a redelivered one, the beat) waits and then finds nothing left to tell,
    and a worker that dies before the commit leaves all of it to the next one.
    """
    scheduled = ReportRun.objects.filter(scheduled=True)
    rounds = (
        scheduled.filter(state__in=FINISHED, announced_at__isnull=True).values_list("fiscal_year", "round").distinct()
    )
    announced = 0
    for fiscal_year_id, round_ in list(rounds):
        same_round = scheduled.filter(fiscal_year_id=fiscal_year_id, round=round_)
        if same_round.filter(state__in=ACTIVE_RUN_STATES).exists():
            continue  # a report of the round is still being made: its run announces the round
        with transaction.atomic():
            runs = list(
                same_round.select_for_update(of=("self",)).select_related("fiscal_year", "report").order_by("kind")
            )
            if any(run.is_active for run in runs):
                continue
            news = [run for run in runs if run.announced_at is None]
            if not news:
                continue
            _notify_coordinators(news)
            ReportRun.objects.filter(pk__in=[run.pk for run in news]).update(announced_at=timezone.now())
            announced += 1
    return announced


def _notify_coordinators(runs: list[ReportRun]) -> None:
    fiscal_year, round_ = runs[0].fiscal_year, runs[0].round
    made = [run.report for run in runs if run.report is not None]
    failed = [run for run in runs if run.report is None]
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            f"- {report.title}: {settings.SITE_BASE_URL}{reverse('core:report_download', args=[report.pk])}"
            for report in made
        ]
        lines += [
            _("- %(kind)s could not be generated: %(error)s") % {"kind": run.kind, "error": run.reason or run.error}
            for run in failed
        ]
        subject = _("Round reports of FY%(year)d, %(round)s: %(count)d ready to review") % {
            "year": fiscal_year.year,
            "round": Round(round_).label,
            "count": len(made),
        }
        body = "\n".join(
            [_("The schedule generated these reports and attached them as evidence awaiting review:"), *lines]
        )
    # The key names the runs announced, so the same news is never sent twice and a later run
    # (a failed report made on a retry) is news again.
    outcomes = ",".join(str(run.pk) for run in runs)
    key = f"round-reports:{fiscal_year.year}:{round_}:{hashlib.sha256(outcomes.encode()).hexdigest()[:24]}"
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
