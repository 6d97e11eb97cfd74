"""The spreadsheet import, through its first user, the public-holiday list: files in every encoding and format
an office produces, a preview listing each row's errors in Thai, an all-or-nothing commit that is done once,
and a re-import that changes nothing."""

import datetime
import io
import zipfile

import pytest
import xlsxwriter
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.models import Department, Holiday, SpreadsheetImport
from core.spreadsheets import Column, ImportSpec
from core.spreadsheets.imports import import_commit
from core.spreadsheets.reader import CSV, NOT_A_SPREADSHEET, UNKNOWN_ENCODING, UNPACKS_TOO_LARGE
from core.uploads import FILE_TOO_LARGE
from core.workdays import holidays_changed
from tests.conftest import PNG_BYTES

pytestmark = pytest.mark.django_db

D = datetime.date
UPLOAD = "/imports/holidays/"
HEADER = "วันที่,ชื่อวันหยุด (ภาษาไทย),ชื่อวันหยุด (ภาษาอังกฤษ)\r\n"
ROWS = "2021-04-06,วันจักรี,Chakri Day\r\n2021-04-13,วันสงกรานต์,Songkran\r\n"


def thai(message) -> str:
    with translation.override("th"):
        return str(message)


def csv_file(text: str, encoding: str = "utf-8", name: str = "holidays.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    dates = workbook.add_format({"num_format": "[$-107041E]d mmm yyyy"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, dates)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table>'
    "</office:spreadsheet></office:body></office:document-content>"
)

ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
    ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def ods_cell(value) -> str:
    kind = f'"date" office:date-value="{value}"' if isinstance(value, datetime.date) else '"string"'
    return f"<table:table-cell office:value-type={kind}><text:p>{value}</text:p></table:table-cell>"


def ods_bytes(rows: list[list]) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice Calc saves one (the mimetype first, stored)."""
    body = "".join("<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>" for row in rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        package.writestr("content.xml", ODS_CONTENT.format(rows=body))
    return buffer.getvalue()


@pytest.fixture
def coordinator(client, users):
    client.force_login(users["coordinator"])
    return client


def upload(client, file) -> SpreadsheetImport:
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SpreadsheetImport.objects.latest("pk")


def commit(client, record: SpreadsheetImport):
    return client.post(f"/imports/file/{record.pk}/commit/")


def holidays() -> dict[datetime.date, tuple[str, str]]:
    return {h.date: (h.name_th, h.name_en) for h in Holiday.objects.all()}


EXPECTED = {D(2021, 4, 6): ("วันจักรี", "Chakri Day"), D(2021, 4, 13): ("วันสงกรานต์", "Songkran")}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"], ids=["utf8", "utf8-bom", "windows-874"])
def test_a_csv_in_each_encoding_is_previewed_then_imported(coordinator, encoding):
    record = upload(coordinator, csv_file(HEADER + ROWS, encoding))
    assert (record.rows, record.new, record.changed, record.unchanged, record.error_count) == (2, 2, 0, 0, 0)
    assert Holiday.objects.count() == 0, "the preview saves nothing"
    page = coordinator.get(f"/imports/file/{record.pk}/").content.decode()
    assert "นำเข้า" in page
    response = commit(coordinator, record)
    assert response.status_code == 302
    assert response["Location"] == "/holidays/"
    assert holidays() == EXPECTED
    record.refresh_from_db()
    assert record.committed_at is not None
    assert record.uploaded_by.username == "coordinator"
    assert record.sha256
    assert record.content_type == CSV


def test_english_headers_and_the_field_names_are_understood_too(coordinator):
    english = "Date,Holiday name (Thai),Holiday name (English)\n" + ROWS
    assert upload(coordinator, csv_file(english)).new == 2
    by_name = "date;name_th;name_en\n2021-04-06;วันจักรี;Chakri Day\n"  # a semicolon-separated export
    assert upload(coordinator, csv_file(by_name)).new == 1


def test_a_csv_in_neither_utf8_nor_windows_874_is_refused_in_thai(coordinator):
    content = HEADER.encode("cp874") + b"2021-04-06,\xdb\xfc,x\r\n"  # bytes neither UTF-8 nor Windows-874 define
    response = coordinator.post(UPLOAD, {"file": SimpleUploadedFile("holidays.csv", content)})
    assert response.status_code == 200
    assert thai(UNKNOWN_ENCODING) in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


def test_xlsx_date_cells_and_text_dates_are_read_by_the_form(coordinator):
    content = xlsx_bytes(
        [
            ["วันที่", "ชื่อวันหยุด (ภาษาไทย)", "ชื่อวันหยุด (ภาษาอังกฤษ)"],
            [D(2021, 4, 6), "วันจักรี", "Chakri Day"],
            ["2021-04-13", "วันสงกรานต์", "Songkran"],
            ["", "", ""],  # a blank row is skipped
        ]
    )
    record = upload(coordinator, SimpleUploadedFile("holidays.xlsx", content))
    assert (record.new, record.error_count) == (2, 0)
    commit(coordinator, record)
    assert holidays() == EXPECTED


def test_an_opendocument_spreadsheet_is_read_with_its_date_cells(coordinator):
    content = ods_bytes([["วันที่", "ชื่อวันหยุด (ภาษาไทย)"], [D(2021, 4, 6), "วันจักรี"], [D(2021, 4, 13), "วันสงกรานต์"]])
    record = upload(coordinator, SimpleUploadedFile("holidays.ods", content))
    assert (record.new, record.error_count) == (2, 0)
    commit(coordinator, record)
    assert {date: names[0] for date, names in holidays().items()} == {
        D(2021, 4, 6): "วันจักรี",
        D(2021, 4, 13): "วันสงกรานต์",
    }


def test_31_02_2564_is_an_error_on_its_row_and_nothing_is_saved(coordinator):
    record = upload(coordinator, csv_file(HEADER + ROWS + "31/02/2564,วันที่ไม่มีจริง,\r\n"))
    assert record.error_count == 1
    [error] = record.errors
    assert (error["row"], error["column"], error["value"]) == (4, "วันที่", "31/02/2564")
    assert error["message"]  # the form's own message, whatever date field it uses
    page = coordinator.get(f"/imports/file/{record.pk}/").content.decode()
    assert "31/02/2564" in page
    assert error["message"] in page
    assert f"/imports/file/{record.pk}/commit/" not in page, "no import button for a file with errors"
    commit(coordinator, record)
    assert not Holiday.objects.exists()
    record.refresh_from_db()
    assert record.committed_at is None


def test_every_bad_row_is_listed_with_its_column_and_a_thai_message(coordinator):
    text = HEADER + "2021-04-06,,\r\nไม่ใช่วันที่,วันหนึ่ง,\r\n2021-04-06,ซ้ำ,\r\n"
    record = upload(coordinator, csv_file(text))
    errors = {(e["row"], e["column"], e["value"]): e["message"] for e in record.errors}
    assert set(errors) == {
        (2, "ชื่อวันหยุด (ภาษาไทย)", ""),
        (3, "วันที่", "ไม่ใช่วันที่"),
    }
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in m) for m in errors.values()), errors
    # Row 4 repeats row 2's date: row 2 failed, so row 4 is the first with it and is fine.
    assert record.new == 1


def test_a_date_twice_in_the_file_is_an_error_naming_the_first_row(coordinator):
    record = upload(coordinator, csv_file(HEADER + ROWS + "2021-04-06,ซ้ำ,\r\n"))
    [error] = record.errors
    assert (error["row"], error["column"]) == (4, "วันที่")
    assert "2" in error["message"]


def test_a_missing_required_column_is_named_in_thai(coordinator):
    record = upload(coordinator, csv_file("วันที่,ชื่อ\r\n2021-04-06,วันจักรี\r\n"))
    assert record.error_count == 1
    message = record.errors[0]["message"]
    assert "ชื่อวันหยุด (ภาษาไทย)" in message
    assert "คอลัมน์" in message
    assert record.rows == 0


def test_an_optional_column_may_be_left_out_and_keeps_what_a_record_holds(coordinator):
    Holiday.objects.create(date=D(2021, 4, 6), name_th="วันจักรี", name_en="Chakri Day")
    record = upload(coordinator, csv_file("วันที่,ชื่อวันหยุด (ภาษาไทย)\r\n2021-04-06,วันจักรี\r\n2021-04-13,สงกรานต์\r\n"))
    assert (record.new, record.changed, record.unchanged) == (1, 0, 1)
    commit(coordinator, record)
    assert holidays() == {D(2021, 4, 6): ("วันจักรี", "Chakri Day"), D(2021, 4, 13): ("สงกรานต์", "")}


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("holidays.xlsx", PNG_BYTES),  # a picture renamed
        ("holidays.xlsx", bytes(range(256)) * 40),  # binary garbage
        ("holidays.xlsx", b"PK\x03\x04" + b"\x00" * 5000),  # the start of a ZIP and nothing else
    ],
    ids=["png", "garbage", "broken-zip"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_thai(coordinator, name, content):
    response = coordinator.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert thai(NOT_A_SPREADSHEET) in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


def test_a_zip_bomb_dressed_as_a_workbook_is_refused_before_it_is_opened(coordinator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    response = coordinator.post(UPLOAD, {"file": SimpleUploadedFile("holidays.xlsx", buffer.getvalue())})
    assert response.status_code == 200
    page = response.content.decode()
    assert thai(UNPACKS_TOO_LARGE).split("%")[0] in page
    assert not SpreadsheetImport.objects.exists()


def test_a_huge_upload_is_refused_in_thai(coordinator, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = coordinator.post(UPLOAD, {"file": csv_file(HEADER + ROWS * 40)})
    assert response.status_code == 200
    assert thai(FILE_TOO_LARGE).split("%")[0] in response.content.decode()
    assert not SpreadsheetImport.objects.exists()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","คลิก")', "+66 1234", "-ลบ", "@SUM(A1)"])
def test_formula_like_text_is_stored_as_plain_text(coordinator, text):
    quoted = '"' + text.replace('"', '""') + '"'
    record = upload(coordinator, csv_file(f"{HEADER}2021-04-06,{quoted},\r\n"))
    commit(coordinator, record)
    assert Holiday.objects.get().name_th == text


def test_a_formula_cell_of_a_workbook_brings_its_value_not_its_formula(coordinator):
    content = xlsx_bytes([["date", "name_th", "name_en"], [D(2021, 4, 6), "วันจักรี", '=HYPERLINK("http://evil")']])
    record = upload(coordinator, SimpleUploadedFile("holidays.xlsx", content))
    commit(coordinator, record)
    assert "HYPERLINK" not in Holiday.objects.get().name_en


def test_a_replayed_commit_imports_once(coordinator):
    announced = []

    def receiver(**kwargs):
        announced.append(kwargs["added"])

    holidays_changed.connect(receiver, dispatch_uid="test-replay")
    try:
        record = upload(coordinator, csv_file(HEADER + ROWS))
        commit(coordinator, record)
        Holiday.objects.filter(date=D(2021, 4, 6)).delete()  # someone removed a day since
        replay = commit(coordinator, record)
    finally:
        holidays_changed.disconnect(dispatch_uid="test-replay")
    assert replay.status_code == 302
    assert set(holidays()) == {D(2021, 4, 13)}, "the replay put nothing back"
    assert announced == [{D(2021, 4, 6), D(2021, 4, 13)}], "the deadlines moved once, for the whole file"
    page = coordinator.get("/holidays/").content.decode()
    assert "ไม่ได้นำเข้าซ้ำ" in page


def test_importing_the_same_file_again_changes_nothing(coordinator):
    commit(coordinator, upload(coordinator, csv_file(HEADER + ROWS)))
    before = list(Holiday.objects.order_by("pk").values())
    again = upload(coordinator, csv_file(HEADER + ROWS))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    commit(coordinator, again)
    assert list(Holiday.objects.order_by("pk").values()) == before


def test_a_changed_name_updates_the_holiday_of_that_date(coordinator):
    Holiday.objects.create(date=D(2021, 4, 6), name_th="จักรี", name_en="")
    record = upload(coordinator, csv_file(HEADER + ROWS))
    assert (record.new, record.changed, record.unchanged) == (1, 1, 0)
    commit(coordinator, record)
    assert holidays() == EXPECTED
    assert Holiday.objects.count() == 2


@pytest.mark.parametrize("who", ["staff", "executive", "auditor", "no_role"])
def test_a_user_without_the_role_gets_403(client, users, who):
    client.force_login(users[who])
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": csv_file(HEADER + ROWS)}).status_code == 403
    assert client.get("/imports/holidays/template.xlsx").status_code == 403
    assert not SpreadsheetImport.objects.exists()


def test_another_person_s_import_cannot_be_seen_or_committed(client, coordinator, users):
    record = upload(coordinator, csv_file(HEADER + ROWS))
    other = users["other_staff"]
    other.user_permissions.add(*users["coordinator"].groups.get().permissions.filter(codename__endswith="holiday"))
    client.force_login(other)
    assert client.get(f"/imports/file/{record.pk}/").status_code == 404
    assert commit(client, record).status_code == 404
    assert not Holiday.objects.exists()


def test_an_unknown_import_is_a_404(coordinator):
    assert coordinator.get("/imports/nothing-here/").status_code == 404


def test_the_templates_carry_the_thai_headers(coordinator):
    csv_text = b"".join(coordinator.get("/imports/holidays/template.csv").streaming_content).decode("utf-8-sig")
    assert csv_text.strip() == HEADER.strip()
    response = coordinator.get("/imports/holidays/template.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="holidays-template.xlsx"'
    content = b"".join(response.streaming_content)
    assert upload(coordinator, SimpleUploadedFile("template.xlsx", content)).rows == 0, "the template imports as is"


def test_the_holiday_page_offers_the_import_to_the_coordinator_only(client, users):
    client.force_login(users["coordinator"])
    assert UPLOAD in client.get("/holidays/").content.decode()


# --- a large file: streamed, batched, and still all or nothing --------------------------------------------


class DepartmentRowForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name_th", "name_en", "order"]


DEPARTMENTS = ImportSpec(
    kind="test-departments",
    label="departments",
    form=DepartmentRowForm,
    key=("name_th",),
    columns=(Column("name_th", "name_th"), Column("name_en", "name_en"), Column("order", "order")),
    permissions=(),
    back="core:holiday_list",
    batch_size=2000,
)


def test_50000_rows_whose_last_is_bad_save_nothing(users):
    lines = ["name_th,name_en,order"] + [f"กอง {n},Division {n},{n % 100}" for n in range(49_999)]
    lines.append("กองสุดท้าย,Last,ไม่ใช่ตัวเลข")
    content = ("\r\n".join(lines) + "\r\n").encode()
    record = SpreadsheetImport(
        kind=DEPARTMENTS.kind,
        uploaded_by=users["coordinator"],
        content_type=CSV,
        size=len(content),
        sha256="-",
        original_name="big.csv",
        rows=50_000,
    )
    record.file.save("big.csv", ContentFile(content), save=False)
    record.save()
    before = Department.objects.count()
    result = import_commit(record=record, spec=DEPARTMENTS)
    assert result.committed_at is None
    assert result.error_count == 1
    assert result.errors[0]["row"] == 50_001
    assert result.errors[0]["value"] == "ไม่ใช่ตัวเลข"
    assert Department.objects.count() == before, "the 49,999 good rows written in batches were rolled back"
