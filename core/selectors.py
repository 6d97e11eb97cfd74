"""Reads of the core app: the organisation's profile, the audit log, the fiscal year a page shows."""

import datetime

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils import timezone

from .audit import entries_visible_to
from .cache import cached
from .days import on_days
from .fiscal import fiscal_year_of
from .models import FiscalYear, Organisation, Report, ReportRun
from .params import number_param


def audited_content_types() -> QuerySet[ContentType]:
    models = auditlog.get_models()
    ids = [ContentType.objects.get_for_model(m).pk for m in models]
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def audit_log_entries(
    user: User | AnonymousUser,
    *,
    content_type: ContentType | None = None,
    actor: User | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    text: str = "",
) -> QuerySet[LogEntry]:
    """The entries ``user`` may read (apps narrow them through `core.audit`), filtered, newest first."""
    entries = entries_visible_to(user, LogEntry.objects.select_related("actor", "content_type")).order_by("-timestamp")
    if content_type is not None:
        entries = entries.filter(content_type=content_type)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if action != "":
        entries = entries.filter(action=int(action))
    entries = entries.filter(on_days("timestamp", date_from, date_to))
    if text:
        entries = entries.filter(object_repr__icontains=text)
    return entries


def history_of(obj: Model) -> QuerySet[LogEntry]:
    """The audit trail of one record, newest first."""
    return LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")


ORGANISATION_KEY = "core:organisation"


def organisation() -> Organisation | None:
    """The organisation's profile, shown on every page and PDF (cached; None before it is set up)."""
    return cached(ORGANISATION_KEY, lambda: Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first())


# Who generated a report, in filters: the schedule rather than a person.
BY_SCHEDULE = "schedule"


def reports_filtered(
    *,
    kind: str = "",
    fiscal_year: FiscalYear | None = None,
    round_: str = "",
    generated_by: str = "",
) -> QuerySet[Report]:
    """The archive, newest first; ``generated_by`` is a user's pk or BY_SCHEDULE."""
    reports = Report.objects.select_related("fiscal_year", "generated_by")
    if kind:
        reports = reports.filter(kind=kind)
    if fiscal_year is not None:
        reports = reports.filter(fiscal_year=fiscal_year)
    if round_:
        reports = reports.filter(round=round_)
    if generated_by == BY_SCHEDULE:
        reports = reports.filter(generated_by__isnull=True)
    elif generated_by:
        reports = reports.filter(generated_by_id=int(generated_by))
    return reports


def report_by_code(code: str) -> Report | None:
    return Report.objects.select_related("fiscal_year").filter(verification_code=code).first()


def report_by_sha256(sha256: str) -> Report | None:
    return Report.objects.select_related("fiscal_year").filter(sha256=sha256).order_by("generated_at").first()


def report_run(pk: int) -> ReportRun | None:
    return ReportRun.objects.select_related("fiscal_year", "report", "requested_by").filter(pk=pk).first()


def fiscal_year_chosen(raw: str | None, years: QuerySet[FiscalYear] | None = None) -> FiscalYear | None:
    """The fiscal year a page shows, among ``years`` (every year by default): the one asked for in
    ?year= (None when there is no such year: the page says so rather than show another year), else the
    current fiscal year, else the newest. Never creates one: fiscal years come from the daily schedule,
    the framework loader, the demo data or the coordinator."""
    years = FiscalYear.objects.all() if years is None else years
    asked = number_param(raw)
    if asked is not None:
        return years.filter(year=asked).first()
    return years.filter(year=fiscal_year_of(timezone.localdate())).first() or years.first()
