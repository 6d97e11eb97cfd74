"""The semiannual reports apps offer per fiscal-year round (O16, O31, O43 …).

An app registers its generator in its AppConfig.ready(); the report screens, the schedule
and the archive produce every registered report without knowing which apps exist.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User

from .models import FiscalYear, Report

# generate(fiscal_year, round_, user) -> the stored Report; user is None when the schedule runs it.
Generator = Callable[[FiscalYear, str, User | None], Report]


@dataclass(frozen=True)
class RoundReport:
    kind: str
    label: str
    generate: Generator


_registry: dict[str, RoundReport] = {}


def register_round_report(kind: str, label: str, generate: Generator) -> None:
    _registry[kind] = RoundReport(kind=kind, label=label, generate=generate)


def round_reports() -> list[RoundReport]:
    return sorted(_registry.values(), key=lambda report: report.kind)


def round_report(kind: str) -> RoundReport:
    return _registry[kind]
