"""The XLSX export: typed cells read back as numbers and real dates shown in the Buddhist era, Thai headers,
formula-like text kept inert, and memory that does not grow with the rows."""

import datetime
import io
import tempfile
import tracemalloc
import zoneinfo
from decimal import Decimal

import openpyxl
import pytest

from core.csv_export import csv_cell
from core.spreadsheets import spreadsheet_response
from core.spreadsheets.export import BUDDHIST_DATE, BUDDHIST_DATE_TIME, write_xlsx
from core.uploads import XLSX

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


def workbook_of(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


ROWS = [
    ["วันที่", "จำนวน", "ร้อยละ", "รับเมื่อ", "เรื่อง"],
    [
        datetime.date(2021, 3, 15),
        12,
        Decimal("87.50"),
        datetime.datetime(2021, 3, 15, 6, 30, tzinfo=datetime.UTC),
        '=HYPERLINK("http://evil.example","ดูผล")',
    ],
    [None, 0, Decimal("0.00"), None, "ถนนชำรุด"],
]


def test_cells_are_typed_and_dates_shown_in_the_buddhist_era():
    response = spreadsheet_response(ROWS, "report", "xlsx")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    sheet = workbook_of(response).active
    header = [cell.value for cell in sheet[1]]
    assert header == ROWS[0]
    assert all(cell.font.b for cell in sheet[1])
    date, count, share, received, subject = sheet[2]
    assert date.is_date
    assert date.value == datetime.datetime(2021, 3, 15)
    assert date.number_format == BUDDHIST_DATE == "[$-107041E]d mmm yyyy"
    assert count.data_type == "n"
    assert count.value == 12
    assert share.data_type == "n"
    assert share.value == 87.5
    assert share.number_format == "0.00"
    assert received.is_date
    assert received.value == datetime.datetime(2021, 3, 15, 13, 30), "local (Bangkok) time"
    assert received.number_format == BUDDHIST_DATE_TIME
    assert subject.data_type == "s", "text, never a formula"
    assert subject.value == ROWS[1][4]
    assert subject.quotePrefix, "marked as text, so editing the cell does not run it either"
    assert [cell.value for cell in sheet[3]] == [None, 0, 0, None, "ถนนชำรุด"]
    assert not sheet["E3"].quotePrefix


@pytest.mark.parametrize("text", ["=1+1", "+66 81 234 5678", "-2", "@SUM(A1)", "\t=1"])
def test_every_formula_start_is_kept_as_text(text):
    sheet = workbook_of(spreadsheet_response([["h"], [text]], "x", "xlsx")).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == text
    assert sheet["A2"].quotePrefix


def test_the_same_rows_as_csv_read_as_excel_reads_them_back():
    text = b"".join(spreadsheet_response(ROWS, "report", "csv").streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1] == (
        '2021-03-15,12,87.50,2021-03-15 13:30,"\'=HYPERLINK(""http://evil.example"",""ดูผล"")"'
    )


def test_a_naive_datetime_is_written_as_it_is():
    assert csv_cell(datetime.datetime(2021, 3, 15, 9, 5)) == "2021-03-15 09:05"
    assert csv_cell(datetime.datetime(2021, 3, 15, 2, 5, tzinfo=datetime.UTC)) == "2021-03-15 09:05"


def _peak_bytes(rows: int) -> int:
    def source():
        yield ["เรื่อง", "วันที่", "จำนวน"]
        for n in range(rows):
            yield [f"เรื่องร้องเรียนที่ {n}", datetime.date(2021, 1, 1), Decimal(n) / 4]

    tracemalloc.start()
    try:
        with tempfile.TemporaryFile() as output:
            write_xlsx(source(), output)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows():
    small, large = _peak_bytes(2_000), _peak_bytes(20_000)
    assert large < 1.5 * small, (small, large)
