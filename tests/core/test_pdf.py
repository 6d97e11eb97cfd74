"""PDF reports: WeasyPrint with the vendored Sarabun font, the organisation letterhead, page numbers,
archiving with SHA-256, and no access to files outside our own static and media folders."""

import copy
import datetime
import hashlib
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.utils import translation
from pypdf import PdfReader

from core.models import Report
from core.pdf import LocalFilesOnly, render_pdf, render_report
from tests.conftest import PNG_BYTES

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).parent / "templates"
BANGKOK = ZoneInfo("Asia/Bangkok")
ON_1_APRIL_2564 = datetime.datetime(2021, 4, 1, 13, 5, tzinfo=BANGKOK)
PASSWD = Path("/etc/passwd")
STATIC_TEXT_FILE = Path(django_settings.BASE_DIR) / "static" / "fonts" / "sarabun" / "OFL.txt"


@pytest.fixture(autouse=True)
def _test_templates(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates


@pytest.fixture(autouse=True)
def _thai():
    with translation.override("th"):
        yield


def normalised(text: str) -> str:
    """Text extracted from a WeasyPrint PDF mixes up sara am and sara aa (ำ/า); compare without the difference."""
    return re.sub(r"\s+", " ", text.replace("\u0e33", "\u0e32").replace("\u0e4d", ""))


def text_of(content: bytes) -> str:
    return normalised("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def font_names(content: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def probe(**context):
    return render_pdf("core_tests/pdf_probe.html", {"title": "แผนปฏิบัติการ", "body": "ข้อความทดสอบ", **context})


@pytest.fixture
def frozen_clock():
    with time_machine.travel(ON_1_APRIL_2564, tick=False):
        yield


def test_render_pdf_returns_a_pdf_and_its_sha256(organisation):
    pdf = probe()
    assert pdf.content.startswith(b"%PDF-")
    assert pdf.sha256 == hashlib.sha256(pdf.content).hexdigest()
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 1


def test_the_pdf_carries_the_letterhead_title_and_body(organisation):
    text = text_of(probe(title="แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2564").content)
    assert normalised(organisation.name_th) in text
    assert organisation.name_en in text
    assert normalised(organisation.address) in text
    assert normalised("แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. 2564") in text
    assert normalised("ข้อความทดสอบ") in text


def test_the_footer_dates_the_pdf_in_the_buddhist_era_and_numbers_the_page(organisation, frozen_clock):
    text = text_of(probe().content)
    assert normalised("1 เมษายน 2564 เวลา 13:05 น.") in text
    assert normalised("หน้า 1/1") in text


def test_page_numbers_count_every_page(organisation):
    long_body = " ".join(["ข้อความยาวเพื่อให้เอกสารมีหลายหน้า"] * 900)
    reader = PdfReader(io.BytesIO(probe(body=long_body).content))
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        assert normalised(f"หน้า {number}/{pages}") in normalised(page.extract_text())


def test_the_demo_document_names_its_department(organisation, own_department, frozen_clock):
    pdf = render_pdf("indicators/pdf/demo_document.html", {"title": "เอกสารสาธิต 2564", "department": own_department})
    text = text_of(pdf.content)
    assert normalised(own_department.name_th) in text
    assert normalised(organisation.name_th) in text
    assert "2564" in text


def test_the_sarabun_font_is_embedded(organisation):
    names = font_names(probe().content)
    assert names
    assert all("Sarabun" in name for name in names), names


def test_the_organisation_logo_is_embedded(organisation):
    organisation.logo.save("logo.png", ContentFile(PNG_BYTES))
    reader = PdfReader(io.BytesIO(probe().content))
    images = [
        xobject.get_object()
        for xobject in reader.pages[0]["/Resources"].get("/XObject", {}).values()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert images


def test_a_pdf_renders_without_an_organisation_profile(db):
    pdf = probe()
    assert pdf.content.startswith(b"%PDF-")
    assert normalised("ข้อความทดสอบ") in text_of(pdf.content)


# --- the archive ------------------------------------------------------------


def archived(**kwargs) -> Report:
    context = {"title": "แผนปฏิบัติการ", "body": "ข้อความทดสอบ"}
    return render_report(template_name="core_tests/pdf_probe.html", context=context, **kwargs)


def test_render_report_keeps_the_file_with_its_sha256(organisation, fiscal_year, users):
    report = archived(
        kind="measures", title="รายงานมาตรการ", fiscal_year=fiscal_year, round_="h1", user=users["coordinator"]
    )
    stored = Report.objects.get(pk=report.pk)
    on_disk = Path(stored.file.path).read_bytes()
    assert on_disk.startswith(b"%PDF-")
    assert normalised("ข้อความทดสอบ") in text_of(on_disk)
    assert stored.sha256 == hashlib.sha256(on_disk).hexdigest()
    assert stored.size == len(on_disk)
    assert stored.generated_by == users["coordinator"]
    assert stored.fiscal_year == fiscal_year
    assert stored.round == "h1"
    assert re.fullmatch(r"reports/\d{4}/[0-9a-f]{32}\.pdf", stored.file.name)
    assert stored.verification_code


def test_render_report_gives_every_report_its_own_file_and_code(organisation):
    first = archived(kind="measures", title="ครั้งที่ 1")
    second = archived(kind="measures", title="ครั้งที่ 2")
    assert first.file.name != second.file.name
    assert first.verification_code != second.verification_code
    assert first.generated_by is None


# --- what a PDF may read ----------------------------------------------------


def local_file_pdf(url: str):
    return render_pdf("core_tests/pdf_local_file.html", {"title": "ทดสอบ", "resource_url": url, "body": "จบ"})


def test_an_allowed_local_file_is_fetched(organisation):
    """The control for the next test: the template does pull a permitted file into the PDF."""
    reader = PdfReader(io.BytesIO(local_file_pdf(STATIC_TEXT_FILE.as_uri()).content))
    assert list(reader.attachments) == [STATIC_TEXT_FILE.name]
    assert reader.attachments[STATIC_TEXT_FILE.name][0] == STATIC_TEXT_FILE.read_bytes()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"{STATIC_TEXT_FILE.parent.as_uri()}/../../../../../../etc/passwd",
        "file://localhost/etc/passwd",
        # A query or fragment must not smuggle a path past the check (WeasyPrint drops both when opening).
        f"file:///etc/passwd?/../../../../../..{STATIC_TEXT_FILE}",
        f"file:///etc/passwd#/../../../../../..{STATIC_TEXT_FILE}",
    ],
)
def test_a_file_outside_static_and_media_is_not_read(organisation, url):
    pdf = local_file_pdf(url)
    assert pdf.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf.content))
    assert dict(reader.attachments) == {}
    first_line = PASSWD.read_text().splitlines()[0]
    assert first_line not in text_of(pdf.content)
    assert first_line.encode() not in pdf.content
    assert normalised("จบ") in text_of(pdf.content)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "data:text/plain,hello",
        f"{STATIC_TEXT_FILE.parent.as_uri()}/../../../manage.py",
        f"file:///etc/passwd?/../../../../../..{STATIC_TEXT_FILE}",
        f"file:///etc/passwd#/../../../../../..{STATIC_TEXT_FILE}",
        f"file://evil.example{STATIC_TEXT_FILE}",
    ],
)
def test_the_url_fetcher_refuses_everything_but_our_files(url):
    fetcher = LocalFilesOnly(allowed_protocols=["file"])
    with pytest.raises(ValueError, match="refused|not allowed"):
        fetcher.fetch(url)


def test_the_url_fetcher_serves_our_static_files():
    fetcher = LocalFilesOnly(allowed_protocols=["file"])
    for url in (STATIC_TEXT_FILE.as_uri(), f"file://localhost{STATIC_TEXT_FILE}"):
        response = fetcher.fetch(url)
        try:
            assert response.read() == STATIC_TEXT_FILE.read_bytes()
        finally:
            response.close()


def test_the_url_fetcher_serves_uploaded_media(settings):
    logo = Path(settings.MEDIA_ROOT) / "logo" / "โลโก้.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(PNG_BYTES)
    response = LocalFilesOnly(allowed_protocols=["file"]).fetch(logo.as_uri())
    try:
        assert response.read() == PNG_BYTES
    finally:
        response.close()
