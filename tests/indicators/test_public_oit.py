"""The public OIT page: every item of the year, and only evidence that is approved and published."""

import datetime

import pytest

from core.models import FiscalYear
from indicators.models import OITItem
from indicators.services import evidence_approve, evidence_create, evidence_return, evidence_set_published
from tests.conftest import PDF_BYTES, pdf_upload

PUBLISHED_FILE = "แผนผังโครงสร้างองค์กร ฉบับเผยแพร่"
PUBLISHED_LINK = "ข้อมูลการติดต่อบนเว็บไซต์"
APPROVED_ONLY = "แผนพัฒนาท้องถิ่นที่อนุมัติแต่ยังไม่เผยแพร่"
SUBMITTED = "รายงานที่รอตรวจ"
RETURNED = "รายงานที่ถูกส่งกลับ"


@pytest.fixture
def evidence(fiscal_year, measure, users):
    staff, coordinator = users["staff"], users["coordinator"]
    day = datetime.date(2021, 1, 10)

    def add(title, code, **source):
        item = OITItem.objects.get(code=code)
        return evidence_create(user=staff, measure=measure, oit_item=item, title=title, effective_date=day, **source)

    published_file = add(PUBLISHED_FILE, "O1", upload=pdf_upload())
    published_link = add(PUBLISHED_LINK, "O5", url="https://www.example.go.th/contact")
    for item in (published_file, published_link):
        evidence_approve(user=coordinator, evidence=item)
        evidence_set_published(user=coordinator, evidence=item, published=True)
    evidence_approve(user=coordinator, evidence=add(APPROVED_ONLY, "O4", upload=pdf_upload()))
    add(SUBMITTED, "O16", upload=pdf_upload())
    evidence_return(user=coordinator, evidence=add(RETURNED, "O19", upload=pdf_upload()), comment="ไม่ครบ")
    return {"file": published_file, "link": published_link}


def test_a_visitor_sees_every_item_of_the_year(client, fiscal_year):
    response = client.get("/public/oit/2564/")
    assert response.status_code == 200
    page = response.content.decode()
    for number in range(1, 44):
        assert f'id="O{number}"' in page, f"O{number}"
    assert 'id="O44"' not in page
    assert OITItem.objects.get(code="O16").title_th in page


def test_a_visitor_sees_published_evidence_only(client, evidence):
    page = client.get("/public/oit/2564/").content.decode()

    assert PUBLISHED_FILE in page
    assert f'href="/evidence/{evidence["file"].pk}/file/"' in page
    assert PUBLISHED_LINK in page
    assert 'href="https://www.example.go.th/contact"' in page
    for hidden in (APPROVED_ONLY, SUBMITTED, RETURNED):
        assert hidden not in page, hidden


def test_the_published_files_link_works_for_a_visitor(client, evidence):
    response = client.get(f"/evidence/{evidence['file'].pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_unpublished_evidence_disappears_from_the_page(client, users, evidence):
    evidence_set_published(user=users["coordinator"], evidence=evidence["file"], published=False)
    page = client.get("/public/oit/2564/").content.decode()
    assert PUBLISHED_FILE not in page
    assert PUBLISHED_LINK in page


def test_a_logged_in_coordinator_sees_the_same_public_page(client, users, evidence):
    client.force_login(users["coordinator"])
    page = client.get("/public/oit/2564/").content.decode()
    assert PUBLISHED_FILE in page
    assert SUBMITTED not in page


@pytest.mark.usefixtures("fiscal_year")
def test_an_unknown_year_is_404(client):
    assert client.get("/public/oit/2599/").status_code == 404


@pytest.mark.usefixtures("fiscal_year")
def test_a_year_without_a_framework_is_404(client):
    FiscalYear.objects.create(year=2565)
    assert client.get("/public/oit/2565/").status_code == 404
