"""The auditors' package of a fiscal year: its archived reports and the evidence index, as a streamed ZIP.

The ZIP is written chunk by chunk into the response, one archived file at a time, so memory
stays the same however many reports a year has. The index PDF is an archived report of its
own (kind "evidence_index"), rendered in the worker; the CSV is written here, row by row.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv_export import csv_safe_row
from core.models import FiscalYear, Report
from core.thai import thai_date
from indicators.models import Evidence

from . import selectors

CHUNK = 64 * 1024


@dataclass(frozen=True)
class IndexRow:
    indicator: str
    oit_items: str
    measure: str
    title: str
    effective_date: str
    department: str
    review: str
    published: str
    source: str
    sha256: str


def index_header() -> list[str]:
    return [
        _("Indicator"),
        _("OIT item"),
        _("Measure"),
        _("Evidence"),
        _("Effective date"),
        _("Department"),
        _("Review"),
        _("Published"),
        _("File or link"),
        "SHA-256",
    ]


def index_row(evidence: Evidence) -> IndexRow:
    measure = evidence.measure
    indicator = measure.indicator if measure else evidence.oit_item.sub_indicator.indicator
    oit_items = [evidence.oit_item] if evidence.oit_item else list(measure.oit_items.all())
    if evidence.report:
        source = _("Generated report, verification code %(code)s") % {"code": evidence.report.verification_code}
    else:
        source = evidence.url or evidence.original_filename
    return IndexRow(
        indicator=str(indicator),
        oit_items=", ".join(item.code for item in oit_items),
        measure=f"{indicator.number}.{measure.number} {measure.text}" if measure else "",
        title=evidence.title,
        effective_date=thai_date(evidence.effective_date),
        department=evidence.department.name,
        review=evidence.get_review_state_display(),
        published=_("yes") if evidence.is_published else _("no"),
        source=source,
        sha256=evidence.sha256,
    )


def index_rows(fiscal_year: FiscalYear) -> Iterator[IndexRow]:
    for evidence in selectors.evidence_index(fiscal_year).iterator(chunk_size=500):
        yield index_row(evidence)


class _Chunks(io.RawIOBase):
    """A write-only, unseekable sink: zipfile then streams (data descriptors after each entry)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def pending(self) -> int:
        return sum(len(part) for part in self._parts)

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def report_filename(report: Report) -> str:
    round_ = f"-{report.round}" if report.round else ""
    return f"reports/{report.kind}{round_}-{report.generated_at:%Y%m%d-%H%M%S}-{report.verification_code}.pdf"


def year_package(fiscal_year: FiscalYear) -> Iterator[bytes]:
    """The ZIP of a fiscal year, as chunks: every archived report, then index.csv."""
    return _zip_stream(selectors.year_reports(fiscal_year).iterator(), index_rows(fiscal_year))


def _zip_stream(reports: Iterable[Report], rows: Iterable[IndexRow]) -> Iterator[bytes]:
    sink = _Chunks()
    # PDFs are compressed already; storing them spares the CPU. Large years may pass 4 GiB.
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as package:
        for report in reports:
            with (
                report.file.open("rb") as source,
                package.open(report_filename(report), "w", force_zip64=True) as entry,
            ):
                while chunk := source.read(CHUNK):
                    entry.write(chunk)
                    yield sink.take()
        info = zipfile.ZipInfo("index.csv", date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        with package.open(info, "w", force_zip64=True) as entry:
            # utf-8-sig: Excel, which most auditors open it with, then reads the Thai correctly.
            text = io.TextIOWrapper(entry, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(index_header())
            for row in rows:
                writer.writerow(csv_safe_row(astuple(row)))
                if sink.pending() > CHUNK:
                    text.flush()
                    yield sink.take()
            text.flush()
            text.detach()
    yield sink.take()
