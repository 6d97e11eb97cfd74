"""Reads for the report archive: filtered report lists, the auditors' package and the evidence index."""

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from core.models import FiscalYear, Report
from core.round_reports import round_reports
from indicators.models import Evidence, OITItem

# The archive's own report kind: the index of a fiscal year's evidence, the PDF of the auditors' package.
EVIDENCE_INDEX = "evidence_index"


def report_kinds() -> list[tuple[str, str]]:
    """Every kind of report one may filter on: the registered round reports, then any other kind archived."""
    labels = {report.kind: str(report.label) for report in round_reports()}
    archived = Report.objects.order_by("kind").values_list("kind", flat=True).distinct()
    return [*labels.items(), *((kind, kind) for kind in archived if kind not in labels)]


def report_authors() -> QuerySet[User]:
    return User.objects.filter(Exists(Report.objects.filter(generated_by=OuterRef("pk")))).order_by(
        "first_name", "last_name", "username"
    )


def year_reports(fiscal_year: FiscalYear) -> QuerySet[Report]:
    """The latest report of each kind and round of a fiscal year: what the auditors' package holds.

    A report generated again replaces the earlier copy in the package; the archive keeps both.
    """
    of_year = Report.objects.filter(fiscal_year=fiscal_year)
    newer = of_year.filter(kind=OuterRef("kind"), round=OuterRef("round")).filter(
        Q(generated_at__gt=OuterRef("generated_at")) | Q(generated_at=OuterRef("generated_at"), pk__gt=OuterRef("pk"))
    )
    return of_year.exclude(Exists(newer)).order_by("kind", "round")


def year_has_evidence_index(fiscal_year: FiscalYear) -> bool:
    return Report.objects.filter(fiscal_year=fiscal_year, kind=EVIDENCE_INDEX).exists()


def evidence_index(fiscal_year: FiscalYear) -> QuerySet[Evidence]:
    """All evidence of a fiscal year, per indicator and OIT item, for auditors.

    Evidence belongs to the year through its measure or its OIT item; its indicator is the
    measure's, or for OIT-only evidence the item's.
    """
    in_year = Q(measure__indicator__framework__fiscal_year=fiscal_year) | Q(
        oit_item__sub_indicator__indicator__framework__fiscal_year=fiscal_year
    )
    return (
        Evidence.objects.filter(in_year)
        .select_related(
            "measure__indicator", "oit_item__sub_indicator__indicator", "department", "uploaded_by", "report"
        )
        .prefetch_related(Prefetch("measure__oit_items", queryset=OITItem.objects.order_by("number")))
        .annotate(indicator_number=Coalesce("measure__indicator__number", "oit_item__sub_indicator__indicator__number"))
        .order_by("indicator_number", "oit_item__number", "measure__number", "effective_date", "pk")
    )
