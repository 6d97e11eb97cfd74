"""Lists downloaded as spreadsheets: one row source, served as CSV or as an XLSX with typed cells.

A row source yields lists of Python values: the header first, then ``int`` / ``Decimal`` / ``float``
for numbers, ``datetime.date`` / ``datetime.datetime`` for dates, text for the rest. ``spreadsheet_response``
writes them as CSV (core.csv_export: BOM, formulas neutralised) or as XLSX, where numbers are numbers,
dates are real dates shown in the Buddhist era, and text that would run as a formula is marked as text
(the cell's quote prefix, as when one types an apostrophe in Excel), so it stays inert even when edited.

The XLSX is written by XlsxWriter in constant-memory mode (a row is flushed as soon as the next starts)
into a temporary file, which is then streamed: memory stays flat however many rows there are.
"""

import datetime
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponseBase
from django.utils import timezone
from django.utils.functional import Promise

from core.csv_export import FORMULA_START, csv_response
from core.uploads import XLSX

FORMATS = ("csv", "xlsx")

# [$-107041E]: Thai locale (041E) with the Thai Buddhist calendar (07) and Western digits (1), the code
# Excel itself writes for its Thai date formats: 15 มี.ค. 2564 in Excel and LibreOffice alike.
BUDDHIST_DATE = "[$-107041E]d mmm yyyy"
BUDDHIST_DATE_TIME = "[$-107041E]d mmm yyyy hh:mm"
COLUMN_WIDTH = 18  # characters: a Buddhist-era date and time fits without turning into ####


def spreadsheet_response(rows: Iterable[Sequence[Any]], stem: str, fmt: str) -> HttpResponseBase:
    """The rows as ``<stem>.csv`` or ``<stem>.xlsx`` (``fmt`` is one of FORMATS), ready to download."""
    if fmt == "xlsx":
        return xlsx_response(rows, f"{stem}.xlsx")
    return csv_response(rows, f"{stem}.csv")


def xlsx_response(rows: Iterable[Sequence[Any]], filename: str) -> FileResponse:
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response streams it, then closes (and so removes) it
    write_xlsx(rows, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)


def write_xlsx(rows: Iterable[Sequence[Any]], output: Any) -> None:
    """Write the rows as the first sheet of a workbook into ``output`` (a path or a binary file); the text of
    the first row, the header, in bold."""
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            # Text is text: never turned into a formula, a number or a link because of how it looks.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    writer = _SheetWriter(workbook)
    for index, row in enumerate(rows):
        writer.write_row(index, row, header=index == 0)
    workbook.close()


class _SheetWriter:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.sheet = workbook.add_worksheet()
        self.sheet.set_column(0, 50, COLUMN_WIDTH)
        self.bold = workbook.add_format({"bold": True})
        self.text = workbook.add_format({"quote_prefix": True})
        self.date = workbook.add_format({"num_format": BUDDHIST_DATE})
        self.date_time = workbook.add_format({"num_format": BUDDHIST_DATE_TIME})
        self.decimals: dict[int, Any] = {}
        self.workbook = workbook

    def write_row(self, index: int, row: Sequence[Any], *, header: bool) -> None:
        for column, value in enumerate(row):
            if header and isinstance(value, str | Promise):
                self.sheet.write_string(index, column, str(value), self.bold)
            else:
                self._write(index, column, value)

    def _write(self, row: int, column: int, value: Any) -> None:
        sheet = self.sheet
        if value is None or value == "":
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, column, value)
        elif isinstance(value, Decimal):
            sheet.write_number(row, column, value, self._decimal_format(value))
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value)
        elif isinstance(value, datetime.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            sheet.write_datetime(row, column, local.replace(tzinfo=None), self.date_time)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(row, column, value, self.date)
        else:
            text = str(value)
            sheet.write_string(row, column, text, self.text if text.startswith(FORMULA_START) else None)

    def _decimal_format(self, value: Decimal) -> Any:
        """As many decimal places as the value carries: 12.50 shows as 12.50, as in the CSV."""
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if places not in self.decimals:
            self.decimals[places] = self.workbook.add_format({"num_format": "0." + "0" * places if places else "0"})
        return self.decimals[places]
