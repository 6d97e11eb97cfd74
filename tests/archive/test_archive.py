"""The archive auditors use: a filtered list, downloads, and a fiscal year's ZIP with the evidence index."""

import csv
import datetime
import hashlib
import io
import subprocess
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import FiscalYear, Report, ReportRun
from indicators.models import OITItem
from indicators.services import evidence_approve, evidence_create
from tests.conftest import PDF_BYTES, make_measure, pdf_upload

MEASURE_EVIDENCE = "ภาพการอบรมคุณธรรมจริยธรรม"
OIT_EVIDENCE = "ประกาศเจตจำนงสุจริตของผู้บริหาร"


def archive_report(*, kind="o43", year=None, round_="h1", user=None, content=PDF_BYTES) -> Report:
    report = Report(
        kind=kind,
        title=f"รายงาน {kind} {round_}",
        fiscal_year=year,
        round=round_,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        generated_by=user,
    )
    report.file.save("r.pdf", ContentFile(content), save=False)
    report.save()
    return report


@pytest.fixture
def auditor_client(client, users):
    client.force_login(users["auditor"])
    return client


def listed(client, params=None) -> set[str]:
    response = client.get("/reports/", params or {})
    assert response.status_code == 200
    return {report.title for report in response.context["page"]}


def test_the_list_shows_each_report_with_its_hash_and_code(auditor_client, users):
    report = archive_report(user=users["coordinator"])
    html = auditor_client.get("/reports/").content.decode()
    assert report.title in html
    assert report.sha256 in html
    assert f"/verify/{report.verification_code}/" in html
    assert f"/reports/{report.pk}/download/" in html


def test_the_list_filters_by_kind_year_round_and_who_generated(auditor_client, fiscal_year, users):
    older = FiscalYear.objects.create(year=2563)
    archive_report(kind="o43", year=fiscal_year, round_="h1", user=users["coordinator"])
    archive_report(kind="o43", year=fiscal_year, round_="full", user=None)
    archive_report(kind="o16", year=older, round_="full", user=users["auditor"])

    assert listed(auditor_client) == {"รายงาน o43 h1", "รายงาน o43 full", "รายงาน o16 full"}
    assert listed(auditor_client, {"kind": "o16"}) == {"รายงาน o16 full"}
    assert listed(auditor_client, {"fiscal_year": "2564"}) == {"รายงาน o43 h1", "รายงาน o43 full"}
    assert listed(auditor_client, {"round": "full"}) == {"รายงาน o43 full", "รายงาน o16 full"}
    assert listed(auditor_client, {"generated_by": "schedule"}) == {"รายงาน o43 full"}
    assert listed(auditor_client, {"generated_by": str(users["coordinator"].pk)}) == {"รายงาน o43 h1"}
    assert listed(auditor_client, {"fiscal_year": "2564", "round": "h1"}) == {"รายงาน o43 h1"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "999"},
        {"kind": "<b>"},
        {"fiscal_year": "abc"},
        {"round": "q9"},
        {"generated_by": "-1"},
    ],
)
def test_odd_filters_do_not_break_the_list(auditor_client, params):
    archive_report()
    assert auditor_client.get("/reports/", params).status_code == 200


def test_the_list_costs_the_same_queries_for_one_report_or_many(auditor_client, fiscal_year, users):
    archive_report(year=fiscal_year, user=users["coordinator"])
    auditor_client.get("/reports/")  # the organisation's profile is cached by the first page: not what is measured
    with CaptureQueriesContext(connection) as one:
        auditor_client.get("/reports/")
    for n in range(5):
        archive_report(year=fiscal_year, round_="full", user=users["staff" if n % 2 else "auditor"])
    with CaptureQueriesContext(connection) as many:
        auditor_client.get("/reports/")
    assert len(many) == len(one)


@pytest.fixture
def year_evidence(organisation, fiscal_year, own_department, users):
    organisation.coordinating_department = own_department
    organisation.save()
    measure = make_measure(fiscal_year, own_department, 1, indicator=5, text="จัดอบรมคุณธรรม")
    evidence = evidence_create(
        user=users["staff"],
        measure=measure,
        title=MEASURE_EVIDENCE,
        effective_date=datetime.date(2021, 1, 5),
        upload=pdf_upload(),
    )
    evidence_approve(user=users["coordinator"], evidence=evidence)
    oit_item = OITItem.objects.get(sub_indicator__indicator__framework__fiscal_year=fiscal_year, code="O10")
    evidence_create(
        user=users["coordinator"],
        oit_item=oit_item,
        title=OIT_EVIDENCE,
        effective_date=datetime.date(2021, 2, 1),
        url="https://example.org/x",
    )
    return measure, oit_item


def test_the_package_has_the_years_reports_and_an_evidence_index(
    auditor_client, fiscal_year, year_evidence, users, tmp_path, django_capture_on_commit_callbacks
):
    measure, oit_item = year_evidence
    replaced = archive_report(year=fiscal_year, content=PDF_BYTES + b"%replaced")
    kept = archive_report(year=fiscal_year, content=PDF_BYTES + b"%kept")  # the same report generated again
    other_round = archive_report(year=fiscal_year, round_="full", content=PDF_BYTES + b"%full")
    other_year = archive_report(year=FiscalYear.objects.create(year=2563), content=PDF_BYTES + b"%other")

    # Preparing the package renders the index PDF in the worker, then offers the ZIP.
    with django_capture_on_commit_callbacks(execute=True):
        response = auditor_client.post("/reports/package/", {"fiscal_year": "2564"})
    run = ReportRun.objects.get()
    assert response["Location"] == f"/reports/runs/{run.pk}/"
    index_pdf = run.report
    assert index_pdf.kind == "evidence_index"
    job_page = auditor_client.get(response["Location"]).content.decode()
    assert 'href="/reports/package/2564.zip"' in job_page

    download = auditor_client.get("/reports/package/2564.zip")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download.streaming
    package = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert package.testzip() is None

    pdfs = {name: package.read(name) for name in package.namelist() if name.endswith(".pdf")}
    hashes = {hashlib.sha256(content).hexdigest() for content in pdfs.values()}
    # Only the latest copy of each kind and round: the regenerated O43 replaces the first one.
    assert hashes == {kept.sha256, other_round.sha256, index_pdf.sha256}
    assert replaced.sha256 not in hashes
    assert other_year.sha256 not in hashes
    assert len(pdfs) == 3
    assert all(name.startswith("reports/") for name in pdfs)

    rows = list(csv.reader(io.StringIO(package.read("index.csv").decode("utf-8-sig"))))
    header, *body = rows
    assert len(header) == 10
    by_title = {row[3]: row for row in body}
    assert set(by_title) == {MEASURE_EVIDENCE, OIT_EVIDENCE}
    assert by_title[MEASURE_EVIDENCE][0].startswith("5.")  # indicator 5, the measure's
    assert by_title[MEASURE_EVIDENCE][1] == "O16"  # the measure's OIT item
    assert by_title[MEASURE_EVIDENCE][4] == "5 มกราคม 2564"
    assert by_title[MEASURE_EVIDENCE][9] == measure.evidence.get().sha256
    assert by_title[OIT_EVIDENCE][1] == "O10"
    assert by_title[OIT_EVIDENCE][8] == "https://example.org/x"
    assert [row[0].split(".")[0] for row in body] == sorted(row[0].split(".")[0] for row in body)

    pdf = tmp_path / "index.pdf"
    pdf.write_bytes(pdfs[next(n for n, c in pdfs.items() if hashlib.sha256(c).hexdigest() == index_pdf.sha256)])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    flat = "".join(text.replace("\u0e33", "\u0e32").replace("\u0e4d", "").split())
    for title in (MEASURE_EVIDENCE, OIT_EVIDENCE):
        assert "".join(title.replace("\u0e33", "\u0e32").split()) in flat


def test_an_unknown_year_has_no_package(auditor_client):
    assert auditor_client.get("/reports/package/2499.zip").status_code == 404


def test_without_the_years_evidence_index_the_package_says_so_and_offers_to_prepare_it(
    auditor_client, fiscal_year, django_capture_on_commit_callbacks
):
    archive_report(year=fiscal_year)
    archive_report(kind="evidence_index", year=FiscalYear.objects.create(year=2563), round_="full")
    response = auditor_client.get("/reports/package/2564.zip")
    assert response.status_code == 404
    assert not response.streaming
    page = response.content.decode()
    assert 'id="index-missing"' in page
    assert 'action="/reports/package/"' in page
    assert 'value="2564" selected' in page

    with django_capture_on_commit_callbacks(execute=True):
        auditor_client.post("/reports/package/", {"fiscal_year": "2564"})
    assert auditor_client.get("/reports/package/2564.zip").status_code == 200


@pytest.fixture
def world(fiscal_year, users):
    report = archive_report(year=fiscal_year)
    archive_report(kind="evidence_index", year=fiscal_year, round_="full")
    run = ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state="done", report=report)
    return {"report": report, "run": run}


PAGES = {
    "list": ("get", "/reports/", None),
    "download": ("get", "/reports/{report}/download/", None),
    "run": ("get", "/reports/runs/{run}/", None),
    "zip": ("get", "/reports/package/2564.zip", None),
    "request_o43": ("post", "/reports/request/", {"kind": "o43", "fiscal_year": "2564", "round": "h1"}),
    "request_index": ("post", "/reports/request/", {"kind": "evidence_index", "fiscal_year": "2564", "round": "full"}),
    "package": ("post", "/reports/package/", {"fiscal_year": "2564"}),
}
# Generating O43 attaches it as evidence and puts the earlier O43 evidence back to review: only
# those who review evidence may; executives and auditors read the archive. The form does not
# offer them O43, so a forged post is refused as an invalid choice.
REFUSED = {("request_o43", "executive"): 400, ("request_o43", "auditor"): 400}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("role", "reads_archive"),
    [("coordinator", True), ("executive", True), ("auditor", True), ("staff", False), ("no_role", False)],
)
def test_who_may_use_the_archive(client, users, world, page, role, reads_archive, django_capture_on_commit_callbacks):
    method, template, data = PAGES[page]
    url = template.format(**{key: obj.pk for key, obj in world.items()})
    client.force_login(users[role])
    jobs_before = ReportRun.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        response = getattr(client, method)(url, data)
    refused = 403 if not reads_archive else REFUSED.get((page, role))
    if refused is None:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == refused
        assert ReportRun.objects.count() == jobs_before


@pytest.mark.parametrize("url", ["/reports/", "/reports/package/2564.zip", "/reports/runs/1/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
