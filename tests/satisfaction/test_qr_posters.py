"""QR codes and posters are read back with a real decoder (zbar) and must lead to the point's public URL."""

import io
import re
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader
from pyzbar import pyzbar

from satisfaction.models import ServicePoint

pytestmark = pytest.mark.django_db

BASE = "https://ita.example.go.th"


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 59, 115)).save(buffer, format="PNG")
    return buffer.getvalue()


LOGO_PNG = _png(40, 30)


@pytest.fixture(autouse=True)
def _site_base_url(settings):
    settings.SITE_BASE_URL = BASE


def decoded(image: Image.Image) -> list[str]:
    return [symbol.data.decode() for symbol in pyzbar.decode(image) if symbol.type == "QRCODE"]


def pdf_pages_decoded(content: bytes, tmp_path) -> list[list[str]]:
    """Rasterise each page as a phone camera would see a print, and decode its QR codes."""
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(pdf), str(tmp_path / "page")], check=True)  # noqa: S603, S607
    return [decoded(Image.open(path)) for path in sorted(tmp_path.glob("page-*.png"))]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("ำ", "า")


def test_public_url_is_built_from_the_site_setting_and_the_token(point):
    assert point.public_url == f"{BASE}/s/{point.token}/"
    assert point.token != str(point.pk)
    assert len(point.token) >= 10  # 64 bits of randomness: not guessable, not enumerable
    other = ServicePoint.objects.create(name="อีกจุด", department=point.department)
    assert other.token != point.token


def test_the_png_qr_code_decodes_to_the_public_url(client, users, point):
    client.force_login(users["staff"])
    response = client.get(reverse("satisfaction:point_qr_png", args=[point.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert decoded(Image.open(io.BytesIO(response.content))) == [point.public_url]


def test_the_svg_qr_code_is_an_svg_document(client, users, point):
    client.force_login(users["staff"])
    response = client.get(reverse("satisfaction:point_qr_svg", args=[point.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b"<path" in response.content


@pytest.mark.parametrize("size", ["A4", "A5"])
def test_the_poster_pdf_has_a_scannable_qr_the_name_and_the_short_url(client, users, point, size, tmp_path):
    client.force_login(users["staff"])
    response = client.get(reverse("satisfaction:point_poster", args=[point.pk]), {"size": size})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert round(width_mm) == {"A4": 210, "A5": 148}[size]
    complaint_url = f"{BASE}/complaints/new/?via=qr"
    assert [sorted(page) for page in pdf_pages_decoded(response.content, tmp_path)] == [
        sorted([point.public_url, complaint_url])
    ], "the rating code and the smaller complaint code both scan"
    text = pdf_text(response.content)
    assert "งานทะเบียนราษฎร" in text
    assert "สแกนเพื่อประเมินความพึงพอใจ".replace("ำ", "า") in text
    assert point.public_url in text.replace("\n", "")


def test_one_pdf_prints_every_active_point(client, users, point, tmp_path):
    second = ServicePoint.objects.create(name="งานสาธารณสุข", department=point.department)
    ServicePoint.objects.create(name="จุดที่ปิดแล้ว", department=point.department, is_active=False)
    client.force_login(users["coordinator"])
    response = client.get(reverse("satisfaction:posters_all"), {"size": "A5"})
    assert response.status_code == 200
    rating_codes = [
        code for page in pdf_pages_decoded(response.content, tmp_path) for code in page if "/complaints/" not in code
    ]
    assert sorted(rating_codes) == sorted([point.public_url, second.public_url])
    assert "จุดที่ปิดแล้ว" not in pdf_text(response.content)


def test_a_bad_poster_size_falls_back_to_a4(client, users, point):
    client.force_login(users["staff"])
    response = client.get(reverse("satisfaction:point_poster", args=[point.pk]), {"size": "<script>"})
    assert response.status_code == 200
    assert round(float(PdfReader(io.BytesIO(response.content)).pages[0].mediabox.width)) == 595


def test_new_tokens_are_easy_to_type_from_a_poster(point, own_department):
    tokens = [point.token] + [
        ServicePoint.objects.create(name=f"จุด {n}", department=own_department).token for n in range(30)
    ]
    for token in tokens:
        # Lowercase letters and digits only, without 0/o, 1/l/i, "-" or "_"; 17 of 31 symbols ≈ 84 bits.
        assert re.fullmatch(r"[2-9a-hjkmnp-z]{17}", token), token
    assert len(set(tokens)) == len(tokens)


def test_a_token_typed_in_capitals_still_opens_the_form(client, point):
    typed = point.token.upper()  # a phone capitalises at least the first letter of a typed address
    assert typed != point.token
    response = client.get(f"/s/{typed}/")
    assert response.status_code == 200
    assert point.name in response.content.decode()


def test_a_point_made_before_keeps_its_old_token(client, point):
    ServicePoint.objects.filter(pk=point.pk).update(token="Ab-_1lO0xyZ")
    response = client.get("/s/Ab-_1lO0xyZ/")
    assert response.status_code == 200
    assert point.name in response.content.decode()


def test_the_poster_names_the_organisation_and_shows_its_logo_when_set(client, users, point, organisation):
    client.force_login(users["staff"])
    url = reverse("satisfaction:point_poster", args=[point.pk])
    without_logo = client.get(url).content
    assert organisation.name_th.replace("ำ", "า") in pdf_text(without_logo)
    assert len(PdfReader(io.BytesIO(without_logo)).pages[0].images) == 0, "the QR codes are drawn, not images"

    organisation.logo.save("logo.png", ContentFile(LOGO_PNG))
    with_logo = client.get(url).content
    assert organisation.name_th.replace("ำ", "า") in pdf_text(with_logo)
    images = PdfReader(io.BytesIO(with_logo)).pages[0].images
    assert len(images) == 1
    assert images[0].image.size == Image.open(io.BytesIO(LOGO_PNG)).size
