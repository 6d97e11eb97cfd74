"""CSV files people open in Excel: a byte-order mark so Thai reads as UTF-8, and no cell that runs as a formula.

Comments, subjects and titles come from citizens and staff; a cell beginning with = + - @ (or a
tab or carriage return before one) would be executed by a spreadsheet, so it is written as text.
Typed values (the same rows feed the XLSX export, core.spreadsheets.export) are written as Excel reads
them back: a date as 2021-03-15, a date and time in local time as 2021-03-15 13:05, a Decimal as is.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula made plain text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%Y-%m-%d %H:%M")
    return value


def csv_safe_row(row: Sequence[Any]) -> list[Any]:
    return [csv_cell(value) for value in row]


class _Echo:
    """A file whose write returns the line, so csv.writer can feed a streamed response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The rows as CSV text, the byte-order mark first, one line at a time."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow(csv_safe_row(row))


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> StreamingHttpResponse:
    """A streamed CSV download: memory stays flat however many rows there are."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
