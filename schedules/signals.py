"""A new fiscal year gets its default ITA calendar the moment it is created; a scheduled report's outcome
is announced to the coordinators once its round is complete."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from core.models import FiscalYear, ReportRun
from core.report_runs import report_run_finished

from .services import deadlines_ensure_defaults, round_reports_announce


@receiver(post_save, sender=FiscalYear, dispatch_uid="schedules_default_deadlines")
def default_deadlines_for_new_year(sender, instance: FiscalYear, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        deadlines_ensure_defaults(instance)


@receiver(report_run_finished, dispatch_uid="schedules_announce_round")
def announce_round_of_finished_run(sender, run: ReportRun, **kwargs) -> None:
    if run.scheduled:
        round_reports_announce()
