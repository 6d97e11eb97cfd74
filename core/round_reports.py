"""The semiannual reports apps offer per fiscal-year round (O16, O31, O43 …).

An app registers its generator in its AppConfig.ready(); the report screens, the schedule
and the archive produce every registered report (through `core.report_runs`) without
knowing which apps exist.

Generating a round report attaches it as evidence (and puts earlier evidence of the same
report back to review), so each report names the permission a person needs to generate it;
everyone who may see reports downloads what the archive holds.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User

from .models import FiscalYear, Report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import ReportRun

# generate(fiscal_year, round_, user) -> the stored Report; user is None when the schedule runs it.
Generator = Callable[[FiscalYear, str, User | None], Report]
# offer(run) -> (label, url): what else the page of a finished run offers (the archive's ZIP, say).
Offer = Callable[["ReportRun"], tuple[str, str]]


@dataclass(frozen=True)
class RoundReport:
    kind: str
    label: "StrOrPromise"
    generate: Generator
    # "app_label.codename" a person needs to generate it (the schedule needs none).
    permission: str
    offer: Offer | None = None

    def may_generate(self, user: User | AnonymousUser | None) -> bool:
        return user is None or user.has_perm(self.permission)


_registry: dict[str, RoundReport] = {}


def register_round_report(
    kind: str, label: "StrOrPromise", generate: Generator, *, permission: str, offer: Offer | None = None
) -> None:
    _registry[kind] = RoundReport(kind=kind, label=label, generate=generate, permission=permission, offer=offer)


def round_reports() -> list[RoundReport]:
    return sorted(_registry.values(), key=lambda report: report.kind)


def round_reports_for(user: User | AnonymousUser) -> list[RoundReport]:
    """The round reports ``user`` may generate."""
    return [report for report in round_reports() if report.may_generate(user)]


def round_report(kind: str) -> RoundReport:
    return _registry[kind]


def round_report_label(kind: str) -> str:
    """The registered label of a kind, or the kind itself for one no app registers (any more)."""
    entry = _registry.get(kind)
    return str(entry.label) if entry else kind


def round_report_offer(run: "ReportRun") -> tuple[str, str] | None:
    """What else the page of a finished run offers, if the report's app registered anything."""
    entry = _registry.get(run.kind)
    return entry.offer(run) if entry and entry.offer and run.report_id else None
