"""The O16 round report: a Thai PDF whose numbers match the database, kept as evidence on O16 and its measures."""

import datetime
import hashlib
import io
import re
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.models import Report
from core.pdf import pdf_context
from core.round_reports import round_report
from indicators.models import Evidence, ReviewState
from satisfaction import services
from satisfaction.models import Recommendation
from satisfaction.reports import O16_TEMPLATE, o16_context, o16_report
from tests.conftest import make_measure

from .conftest import add_responses

pytestmark = pytest.mark.django_db

URL = reverse("satisfaction:o16")


def normalise(text: str) -> str:
    """WeasyPrint's text layer loses the nikhahit of sara am, and cells wrap anywhere: compare without either."""
    return "".join(text.replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def season(fiscal_year, point, other_point, own_department):
    question_set = services.question_set_ensure(fiscal_year)
    add_responses(point, [5, 4, 4, 3], when=at(datetime.date(2020, 12, 15)), question_set=question_set)
    add_responses(
        other_point, [2, 5], when=at(datetime.date(2021, 2, 1)), question_set=question_set, comment="ควรเพิ่มที่จอดรถ"
    )
    # After the first half: only in the full-year report.
    add_responses(point, [1], when=at(datetime.date(2021, 5, 1)), question_set=question_set)
    return [
        make_measure(fiscal_year, own_department, 1, indicator=1),
        make_measure(fiscal_year, own_department, 1, indicator=6),
    ]


def pdf_text(tmp_path, content: bytes) -> str:
    path = tmp_path / "o16.pdf"
    path.write_bytes(content)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603, S607
    return normalise(result.stdout)


def test_the_coordinator_writes_suggestions_and_generates_the_report(
    client, users, fiscal_year, season, tmp_path, report_through_job
):
    client.force_login(users["coordinator"])
    page = client.get(URL, {"year": 2564, "round": "h1"})
    assert page.status_code == 200
    saved = client.post(f"{URL}?year=2564&round=h1", {"text": "เพิ่มเก้าอี้สำหรับผู้รอรับบริการ", "save": "1"})
    assert saved.status_code == 302
    assert Report.objects.count() == 0
    assert Recommendation.objects.get(fiscal_year=fiscal_year, round="h1").text == "เพิ่มเก้าอี้สำหรับผู้รอรับบริการ"

    content, _download, report = report_through_job(
        client, f"{URL}?year=2564&round=h1", {"text": "เพิ่มเก้าอี้สำหรับผู้รอรับบริการ", "generate": "1"}
    )
    assert Report.objects.get() == report
    assert content.startswith(b"%PDF-")
    assert len(PdfReader(report.file.path).pages) >= 1
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert (report.kind, report.round, report.fiscal_year) == ("o16", "h1", fiscal_year)

    text = pdf_text(tmp_path, content)
    assert normalise("รายงานผลการประเมินความพึงพอใจในการให้บริการ") in text
    assert normalise("จำนวนผู้ตอบแบบประเมิน: 6") in text  # the May response is outside the first half
    mean = (5 + 4 + 4 + 3 + 2 + 5) / 6
    assert f"{mean:.2f}" in text
    assert normalise("งานทะเบียนราษฎร") in text
    assert normalise("ควรเพิ่มที่จอดรถ") in text
    assert normalise("ข้อเสนอแนะเพื่อการปรับปรุง") in text
    assert normalise("เพิ่มเก้าอี้สำหรับผู้รอรับบริการ") in text


def test_the_report_is_evidence_on_o16_and_its_measures_awaiting_review(users, fiscal_year, season):
    report = o16_report(fiscal_year, "full", users["coordinator"])
    evidence = Evidence.objects.filter(report=report)
    assert {(e.oit_item.code if e.oit_item else None, e.measure_id) for e in evidence} == {
        ("O16", None),
        *((None, measure.pk) for measure in season),
    }
    assert all(e.review_state == ReviewState.SUBMITTED and e.sha256 == report.sha256 for e in evidence)
    # Generating the round again replaces the file on the same evidence instead of adding records.
    o16_report(fiscal_year, "full", users["coordinator"])
    assert Evidence.objects.filter(report__kind="o16").count() == evidence.count()


def test_it_is_registered_as_a_round_report(users, fiscal_year, season):
    assert round_report("o16").generate is o16_report


def test_staff_cannot_generate_and_get_is_harmless(client, users, fiscal_year, season):
    client.force_login(users["staff"])
    assert client.get(URL, {"year": 2564}).status_code == 200
    assert client.post(f"{URL}?year=2564&round=h1", {"text": "x", "generate": "1"}).status_code == 403
    client.force_login(users["no_role"])
    assert client.get(URL).status_code == 403
    assert Report.objects.count() == 0


def test_a_report_without_responses_still_renders(users, fiscal_year):
    report = o16_report(fiscal_year, "h1", users["coordinator"])
    assert report.file.read().startswith(b"%PDF-")


def test_generating_without_a_framework_or_an_owner_says_what_to_do(
    client, users, organisation, fiscal_year, django_capture_on_commit_callbacks, tasks_in_process
):
    from core.models import FiscalYear

    client.force_login(users["coordinator"])
    FiscalYear.objects.create(year=2599)
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(f"{URL}?year=2599&round=h1", {"text": "ข้อเสนอ", "generate": "1"})
    response = client.get(posted["Location"])
    assert response.status_code == 200
    assert "ไม่มีข้อ O16 ที่จะแนบรายงานนี้" in response.content.decode(), "the job page says what is missing"
    # The suggestions typed are kept.
    assert Recommendation.objects.get(fiscal_year__year=2599).text == "ข้อเสนอ"
    assert Report.objects.count() == 0


def test_on_the_demo_data_it_is_attached_to_the_announced_measures(users):
    """The seed announcement: indicator 1 measure 1, indicator 6 measure 1 and indicator 8 measure 2 report to O16."""
    from django.core.management import call_command

    from core.models import FiscalYear

    call_command("load_demo", verbosity=0)
    fiscal_year = FiscalYear.objects.get(year=2564)
    report = o16_report(fiscal_year, "h1", users["coordinator"])
    evidence = Evidence.objects.filter(report=report)
    attached = {
        (e.measure.indicator.number, e.measure.number)
        for e in evidence.select_related("measure__indicator")
        if e.measure
    }
    assert attached == {(1, 1), (6, 1), (8, 2)}
    assert evidence.filter(oit_item__code="O16").count() == 1
    assert "QR Code" in evidence.get(measure__indicator__number=6).measure.text


def test_the_report_draws_its_charts_with_cores_chart_mechanism(fiscal_year, season, point, other_point):
    context = o16_context(fiscal_year, "h1")
    html = render_to_string(O16_TEMPLATE, {**pdf_context(), **context})
    figures = re.findall(r'<figure class="chart" id="chart-figure-([a-z-]+)">(.*?)</figure>', html, re.S)
    assert [key for key, _figure in figures] == ["means-by-question", "means-by-point"]
    by_question, by_point = (figure for _key, figure in figures)
    outcome = context["results"]
    assert by_question.count('class="rect reactive') == len(outcome.questions)
    assert by_point.count('class="rect reactive') == len(outcome.points) == 2
    for result in outcome.points:
        assert f">{result.point.name}</text>" in by_point
        assert f">{result.overall.mean:.2f}</text>" in by_point
    # The tables of sections 2 and 3 print these means already, and a PDF has nothing to download.
    assert "<table" not in by_question + by_point
    assert "data:text/csv" not in html
    assert "<script" not in html


def test_the_charts_text_reads_back_from_the_pdf(users, fiscal_year, season, tmp_path):
    """WeasyPrint keeps the SVG's labels as text in Sarabun: what only the charts print reads back."""
    report = o16_report(fiscal_year, "h1", users["coordinator"])
    content = report.file.read()
    text = pdf_text(tmp_path, content)
    assert text.count(normalise("คะแนนเฉลี่ย (5 = มากที่สุด)")) == 2, "the value axis of each chart"
    for question in o16_context(fiscal_year, "h1")["results"].questions:
        assert text.count(normalise(question.label)) == 2, "in the table of section 2, and on its chart"
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("Sarabun" in name for name in fonts), fonts


def test_the_report_has_the_respondent_profile(users, fiscal_year, point, tmp_path):
    question_set = services.question_set_ensure(fiscal_year)
    add_responses(
        point, [5, 4], when=at(datetime.date(2020, 11, 2)), question_set=question_set, gender="f", age_band="41"
    )
    add_responses(point, [3], when=at(datetime.date(2020, 11, 3)), question_set=question_set, gender="m")
    report = o16_report(fiscal_year, "h1", users["coordinator"])
    text = pdf_text(tmp_path, report.file.read())
    assert normalise("หญิง266.7") in text
    assert normalise("ชาย133.3") in text
    assert normalise("41–50ปี266.7") in text
    assert normalise("ไม่ระบุ133.3") in text
