"""The complaint list's filters (state, category, channel, department, dates), the CSV and XLSX exports
following them, and a filter that is not valid: nothing listed or exported, and the form says why."""

import csv
import io

import openpyxl
import pytest

from complaints.models import Channel, Complaint

from .conftest import at, file_complaint, step


@pytest.fixture
def board(general, suggestion, users, own_department, other_department) -> dict[str, Complaint]:
    made = {
        "road": file_complaint(general, at(2021, 1, 4), department=own_department, subject="ถนนพัง"),
        "phone": file_complaint(
            suggestion, at(2021, 2, 1), department=own_department, subject="เสนอแนะทางโทรศัพท์", channel="telephone"
        ),
        "tax": file_complaint(
            general, at(2021, 3, 1), department=other_department, subject="ภาษีผิด", channel=Channel.FACEBOOK
        ),
        "late": file_complaint(general, at(2021, 3, 31, 23), department=other_department, subject="ส่งท้ายเดือน"),
    }
    step(made["road"], users["coordinator"], "acknowledge", at(2021, 1, 5))
    return made


def listed(client, **params) -> set[str]:
    page = client.get("/complaints/", params).content.decode()
    return {name for name, subject in SUBJECTS.items() if subject in page}


def exported(client, **params) -> set[str]:
    """What the CSV export lists, checked to be what the XLSX export lists too: one row source."""
    text = b"".join(client.get("/complaints/export.csv", params).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    subjects = {row[7] for row in rows}
    content = b"".join(client.get("/complaints/export.xlsx", params).streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert {row[7] for row in sheet.iter_rows(min_row=2, values_only=True)} == subjects, params
    return {name for name, subject in SUBJECTS.items() if subject in subjects}


SUBJECTS = {"road": "ถนนพัง", "phone": "เสนอแนะทางโทรศัพท์", "tax": "ภาษีผิด", "late": "ส่งท้ายเดือน"}


def test_each_filter_narrows_the_list_and_the_exports_alike(client, users, board, suggestion, other_department):
    client.force_login(users["coordinator"])
    cases = [
        ({}, {"road", "phone", "tax", "late"}),
        ({"state": "acknowledged"}, {"road"}),
        ({"state": "received"}, {"phone", "tax", "late"}),
        ({"category": suggestion.pk}, {"phone"}),
        ({"channel": "telephone"}, {"phone"}),
        ({"channel": "facebook"}, {"tax"}),
        ({"department": other_department.pk}, {"tax", "late"}),
        ({"date_from": "2021-02-01"}, {"phone", "tax", "late"}),
        ({"date_to": "2021-03-01"}, {"road", "phone", "tax"}),  # the whole of the last day counts
        ({"date_from": "2021-03-01", "date_to": "2021-03-31"}, {"tax", "late"}),
        ({"date_from": "01/03/2564", "date_to": "31 มี.ค. 2564"}, {"tax", "late"}),  # as officers type them
        ({"date_to": "๐๑/๐๒/๒๕๖๔"}, {"road", "phone"}),
        ({"state": "received", "department": other_department.pk, "channel": "web"}, {"late"}),
    ]
    for params, expected in cases:
        assert listed(client, **params) == expected, params
        assert exported(client, **params) == expected, params


@pytest.mark.parametrize(
    "params",
    [
        {"state": "received", "date_from": "bad"},
        {"date_to": "2021-02-30"},
        {"date_from": "9999-12-31"},  # the calendar's edges: refused by the date range, not a server error
        {"date_to": "0001-01-01"},
        {"date_from": "31/12/9999", "date_to": "01/01/0001"},
        {"state": "no-such-state"},
        {"category": "999999"},
        {"channel": "pigeon"},
        {"department": "abc"},
        {"q": "x" * 101},
    ],
)
def test_an_invalid_filter_shows_and_exports_nothing_and_says_why(client, users, board, params):
    client.force_login(users["coordinator"])
    response = client.get("/complaints/", params)
    page = response.content.decode()
    assert response.status_code == 200
    assert listed(client, **params) == set()
    assert "ตัวกรองไม่ถูกต้อง" in page
    assert "is-invalid" in page  # the field in error is marked
    assert exported(client, **params) == set()


def test_a_date_error_is_explained_in_thai(client, users, board):
    client.force_login(users["coordinator"])
    page = client.get("/complaints/", {"state": "received", "date_from": "bad"}).content.decode()
    assert "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ." in page


def test_a_year_typed_in_the_wrong_era_is_named_as_understood(client, users, board):
    client.force_login(users["coordinator"])
    page = client.get("/complaints/", {"date_from": "01/03/3107"}).content.decode()
    assert "อ่านได้เป็น 1 มีนาคม 3107 — ตรวจสอบปี พ.ศ." in page
    assert 'value="01/03/3107"' in page  # kept as typed, to be corrected


def test_html_in_a_subject_is_shown_as_text_on_the_list(client, users, general, own_department):
    file_complaint(general, department=own_department, subject='<script>alert("x")</script><b>หนา</b>')
    client.force_login(users["coordinator"])
    page = client.get("/complaints/").content.decode()
    assert "<script>alert" not in page
    assert "<b>หนา</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
