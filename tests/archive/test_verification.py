"""The verification footer and the public verification page: genuine reports are recognised, nothing else is."""

import hashlib
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pyzbar.pyzbar import decode

from core.models import Report
from tests.conftest import PDF_BYTES, PNG_BYTES


def read(report: Report) -> bytes:
    with report.file.open("rb") as file:
        return file.read()


def test_the_footer_qr_code_decodes_to_the_verification_url(archived, settings, tmp_path):
    content = read(archived)
    assert hashlib.sha256(content).hexdigest() == archived.sha256
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    (page,) = tmp_path.glob("page*.png")

    codes = [symbol.data.decode() for symbol in decode(Image.open(page))]

    expected = f"{settings.SITE_BASE_URL}/verify/{archived.verification_code}/"
    assert codes == [expected]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert expected in text  # printed too, for whoever has no scanner


def test_the_code_shows_the_report_metadata_without_login(client, archived, organisation):
    response = client.get(f"/verify/{archived.verification_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-genuine="yes"' in html
    for shown in (archived.title, archived.sha256, "2564", organisation.name_th, "รอบ 6 เดือน"):
        assert shown in html, shown


def test_an_unknown_code_reveals_nothing(client, archived):
    response = client.get("/verify/AAAAAAAAAAAA/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-genuine="no"' in html
    assert archived.title not in html
    assert archived.sha256 not in html
    assert archived.verification_code not in html


def test_the_code_form_accepts_the_whole_address(client, archived, settings):
    response = client.get("/verify/", {"code": f"{settings.SITE_BASE_URL}/verify/{archived.verification_code}/"})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{archived.verification_code}/"


@pytest.mark.parametrize("code", ["<script>", "a" * 40, "ab cd", "/"])
def test_a_malformed_code_gets_a_clear_message(client, db, code):
    response = client.get("/verify/", {"code": code})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]


def upload(client, content: bytes, name: str = "report.pdf"):
    return client.post("/verify/", {"file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_the_genuine_file_is_recognised_and_not_kept(client, archived, settings):
    files_before = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())
    response = upload(client, read(archived))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-genuine="yes"' in html
    assert archived.sha256 in html
    assert Report.objects.count() == 1
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == files_before


def test_the_same_file_with_one_byte_changed_is_not(client, archived):
    content = bytearray(read(archived))
    middle = len(content) // 2
    content[middle] ^= 0x01
    response = upload(client, bytes(content))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-genuine="no"' in html
    assert archived.sha256 not in html
    assert archived.title not in html


def test_a_pdf_never_archived_is_not_genuine(client, archived):
    response = upload(client, PDF_BYTES)
    assert 'data-genuine="no"' in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [(PNG_BYTES, "เฉพาะรายงาน PDF"), (b"", "ไฟล์")],
)
def test_a_file_that_is_not_a_pdf_is_refused_with_a_message(client, db, content, message):
    response = upload(client, content, "image.pdf")
    assert response.status_code == 400
    assert message in str(response.context["file_form"].errors["file"])


def test_a_file_over_the_size_cap_is_refused(client, db, settings):
    settings.UPLOAD_MAX_BYTES = len(PDF_BYTES) - 1
    response = upload(client, PDF_BYTES)
    assert response.status_code == 400
    assert response.context["file_form"].errors["file"]


def test_look_ups_are_rate_limited_so_codes_cannot_be_enumerated(client, archived, settings):
    settings.VERIFY_RATE_LIMIT = "3/m"
    statuses = [client.get(f"/verify/GUESS{n}/").status_code for n in range(3)]
    assert statuses == [404, 404, 404]
    # The limit holds for every way of checking, even for a code that exists.
    assert client.get(f"/verify/{archived.verification_code}/").status_code == 429
    assert upload(client, read(archived)).status_code == 429
    # Another address is not affected.
    other = client.get(f"/verify/{archived.verification_code}/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
