"""The O43 report (implementation of the measures): a PDF in Thai, kept once with its SHA-256."""

import datetime
import hashlib
import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from core.models import Report, ReportRun
from indicators.services import evidence_approve, evidence_create
from tests.conftest import make_measure, pdf_upload

MEASURE_TEXT = "ประชุมชี้แจงแนวทางป้องกันการทุจริตแก่บุคลากร"
TITLE_IN_H1 = "บันทึกการประชุมชี้แจง"
TITLE_AFTER_H1 = "ภาพกิจกรรมเดือนเมษายน"
TITLE_UNAPPROVED = "ร่างรายงานรอตรวจ"


def normalise(text: str) -> str:
    """Text as compared with a PDF's text layer.

    WeasyPrint's text layer loses the nikhahit of sara am ('ทำ' comes out 'ทา'),
    and table cells wrap lines anywhere: compare without either.
    """
    return "".join(text.replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())


@pytest.fixture
def report_data(organisation, fiscal_year, own_department, users):
    measure = make_measure(fiscal_year, own_department, 1, indicator=5, text=MEASURE_TEXT)
    staff, coordinator = users["staff"], users["coordinator"]
    for title, day, approve in [
        (TITLE_IN_H1, datetime.date(2021, 3, 15), True),
        (TITLE_AFTER_H1, datetime.date(2021, 4, 20), True),
        (TITLE_UNAPPROVED, datetime.date(2021, 3, 20), False),
    ]:
        evidence = evidence_create(user=staff, measure=measure, title=title, effective_date=day, upload=pdf_upload())
        if approve:
            evidence_approve(user=coordinator, evidence=evidence)
    return measure


@pytest.fixture
def generate(report_through_job):
    def post_and_download(client, round_: str):
        return report_through_job(client, "/reports/o43/", {"year": "2564", "round": round_})

    return post_and_download


def pdf_text(tmp_path: Path, content: bytes) -> tuple[Path, str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)
    return path, normalise(text.stdout)


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


@pytest.mark.usefixtures("report_data")
def test_the_full_year_report_is_a_thai_pdf_with_the_measures_and_their_evidence(
    coordinator_client, organisation, tmp_path, generate
):
    content, download, report = generate(coordinator_client, "full")

    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 1

    _, text = pdf_text(tmp_path, content)
    assert normalise(organisation.name_th) in text
    assert normalise(MEASURE_TEXT) in text
    assert normalise(TITLE_IN_H1) in text
    assert normalise(TITLE_AFTER_H1) in text
    assert normalise(TITLE_UNAPPROVED) not in text  # only approved evidence is reported
    assert "2564" in text
    assert "15มีนาคม2564" in text  # the evidence date, in the Buddhist era
    assert "2021" not in text

    assert report.kind == "o43"
    assert report.round == "full"
    assert report.fiscal_year.year == 2564
    assert report.size == len(content)
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert download["X-Content-SHA256"] == report.sha256
    assert f"/verify/{report.verification_code}/" in text  # the footer names where to check it


@pytest.mark.usefixtures("report_data")
def test_the_report_embeds_the_sarabun_font(coordinator_client, tmp_path, generate):
    content, _, _ = generate(coordinator_client, "full")
    path, _ = pdf_text(tmp_path, content)

    output = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    header, rule, *rows = output.splitlines()
    # Columns are as wide as the dashes under the header: name, type, encoding, emb, sub, uni, object ID.
    spans, start = [], 0
    for dashes in rule.split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    emb = [h.strip() for h in (header[a:b] for a, b in spans)].index("emb")
    fonts = [(row[spans[0][0] : spans[0][1]].strip(), row[slice(*spans[emb])].strip()) for row in rows]

    sarabun = [(name, embedded) for name, embedded in fonts if "Sarabun" in name]
    assert sarabun, output
    assert all(embedded == "yes" for _, embedded in sarabun), output
    # One font for the whole report, so it renders the same on any machine: no fallback font crept in.
    assert all("Sarabun" in name for name, _ in fonts), output


@pytest.mark.usefixtures("report_data")
def test_the_first_half_report_leaves_out_evidence_after_march(coordinator_client, tmp_path, generate):
    content, _, report = generate(coordinator_client, "h1")

    _, text = pdf_text(tmp_path, content)
    assert report.round == "h1"
    assert normalise(TITLE_IN_H1) in text
    assert normalise(TITLE_AFTER_H1) not in text
    assert normalise(MEASURE_TEXT) in text


@pytest.mark.usefixtures("report_data")
@pytest.mark.parametrize("role", ["staff", "other_staff", "no_role"])
def test_a_role_without_reports_gets_403_and_no_report_is_made(client, users, role):
    client.force_login(users[role])
    for response in (
        client.get("/reports/o43/", {"year": "2564"}),
        client.post("/reports/o43/", {"year": "2564", "round": "full"}),
    ):
        assert response.status_code == 403
    assert not ReportRun.objects.exists()
    assert not Report.objects.exists()


@pytest.mark.usefixtures("report_data")
def test_an_unknown_round_shows_the_form_again(coordinator_client):
    response = coordinator_client.post("/reports/o43/", {"year": "2564", "round": "q3"})
    assert response.status_code == 200
    assert response.context["form"].errors["round"]
    assert not ReportRun.objects.exists()
    assert not Report.objects.exists()
