"""Uploads are judged by their content, capped in size, and stored under unguessable names."""

import hashlib
import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.uploads import DOCX, IMAGE_TYPES, XLSX, inspect_upload, private_upload_path, store_upload
from tests.conftest import PDF_BYTES, PNG_BYTES

CONTENT_TYPES_XML = b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": b"<w:document/>"})


def xlsx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "xl/workbook.xml": b"<workbook/>"})


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal_code(file: SimpleUploadedFile, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        inspect_upload(file, **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    ("name", "content", "mime", "extension"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf", "pdf"),
        ("logo.png", PNG_BYTES, "image/png", "png"),
        ("photo.jpeg", jpeg_bytes(), "image/jpeg", "jpg"),
        ("minutes.docx", docx_bytes(), DOCX, "docx"),
        ("budget.xlsx", xlsx_bytes(), XLSX, "xlsx"),
    ],
    # Named ids: a zip carries the time it was made, and parallel workers (xdist) must collect the same names.
    ids=["pdf", "png", "jpeg", "docx", "xlsx"],
)
def test_genuine_files_are_accepted(name, content, mime, extension):
    inspected = inspect_upload(upload(name, content))
    assert inspected.content_type == mime
    assert inspected.extension == extension
    assert inspected.size == len(content)
    assert inspected.original_name == name


def test_the_extension_comes_from_the_content_not_the_name():
    inspected = inspect_upload(upload("scan.pdf", PNG_BYTES, "application/pdf"))
    assert inspected.content_type == "image/png"
    assert inspected.extension == "png"


def test_sha256_is_the_digest_of_the_content():
    inspected = inspect_upload(upload("report.pdf", PDF_BYTES))
    assert inspected.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


def test_inspection_leaves_the_file_readable_from_the_start():
    file = upload("minutes.docx", docx_bytes())
    inspect_upload(file)
    assert file.read() == docx_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 2048),
        ("minutes.docx", zip_bytes({"readme.txt": b"just a zip"})),
        ("minutes.docx", zip_bytes({"word/document.xml": b"<w:document/>"})),  # no [Content_Types].xml
        ("minutes.docx", zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "other/part.xml": b"<x/>"})),
        ("report.pdf", "นี่คือไฟล์ข้อความธรรมดา ไม่ใช่ PDF\n".encode() * 20),
        ("page.pdf", b"<html><body>not a pdf</body></html>"),
    ],
    ids=["elf-as-pdf", "plain-zip-as-docx", "zip-without-content-types", "ooxml-without-main-part", "text", "html"],
)
def test_disguised_files_are_refused_by_type(name, content):
    assert refusal_code(upload(name, content, "application/pdf")) == "type"


def test_a_type_outside_the_allowed_set_is_refused():
    assert refusal_code(upload("logo.pdf", PDF_BYTES), allowed=IMAGE_TYPES) == "type"


def test_an_empty_file_is_refused():
    assert refusal_code(upload("empty.pdf", b"")) == "empty"


def test_a_file_over_the_cap_is_refused_and_the_message_gives_both_sizes(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = PDF_BYTES + b"%" * (2048 - len(PDF_BYTES))
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload("big.pdf", big))
    assert caught.value.code == "too_large"
    with translation.override("en"):
        message = caught.value.messages[0]
    assert "2.0\xa0KB" in message
    assert "1.0\xa0KB" in message


def test_a_file_exactly_at_the_cap_is_accepted(settings):
    content = PDF_BYTES + b"%" * (1024 - len(PDF_BYTES))
    settings.UPLOAD_MAX_BYTES = len(content)
    assert inspect_upload(upload("edge.pdf", content)).size == 1024


def test_private_upload_path_is_random_and_hides_the_original_name():
    make_path = private_upload_path("evidence")
    first = make_path(None, "รายงานลับ secret-budget.PDF")
    second = make_path(None, "รายงานลับ secret-budget.PDF")
    assert first != second
    assert re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}\.pdf", first)
    assert "secret" not in first
    assert "รายงาน" not in first


def test_private_upload_path_keeps_the_given_extension_or_uses_bin():
    make_path = private_upload_path("logo")
    assert make_path(None, "logo.png").endswith(".png")
    assert make_path(None, "no-extension").endswith(".bin")


def test_private_upload_path_deconstructs_for_migrations():
    assert private_upload_path("logo") == private_upload_path("logo")
    assert private_upload_path("logo") != private_upload_path("reports")
    path, args, kwargs = private_upload_path("logo").deconstruct()
    assert path == "core.uploads.private_upload_path"
    assert args == ("logo",)


def test_a_stored_upload_keeps_what_the_file_is_under_a_name_nobody_chose():
    from complaints.models import Attachment

    upload = SimpleUploadedFile("ใบเสร็จ ของ นาย ก.pdf", PDF_BYTES, content_type="text/plain")
    attachment = Attachment()
    store_upload(attachment, upload, inspect_upload(upload), stem="attachment")
    assert attachment.file.name.startswith("complaints/")
    assert attachment.file.name.endswith(".pdf")
    assert "ใบเสร็จ" not in attachment.file.name
    assert (attachment.original_name, attachment.content_type) == ("ใบเสร็จ ของ นาย ก.pdf", "application/pdf")
    assert (attachment.size, attachment.sha256) == (len(PDF_BYTES), hashlib.sha256(PDF_BYTES).hexdigest())
