"""CSV downloads: a byte-order mark for Excel, text that could run as a formula kept as text."""

import csv
import io

import pytest

from core.csv_export import csv_cell, csv_lines, csv_response


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+66 81 234 5678", "'+66 81 234 5678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("ดีมาก", "ดีมาก"),
        ("a=b", "a=b"),
        (-2, -2),  # a number is a number, not a formula
        (None, ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text(value, written):
    assert csv_cell(value) == written


def test_lines_start_with_the_byte_order_mark_and_read_back():
    text = "".join(csv_lines([["ชื่อ", "ความเห็น"], ["ก", '=HYPERLINK("x")'], [1, None]]))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]))) == [["ชื่อ", "ความเห็น"], ["ก", '\'=HYPERLINK("x")'], ["1", ""]]


def test_the_response_streams_with_a_file_name():
    response = csv_response(iter([["a"]]), "report.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert b"".join(response.streaming_content).decode() == "\ufeffa\r\n"
