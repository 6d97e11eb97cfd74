"""The evidence journey in a real browser: upload → review → O43 report → progress → the auditor's download,
plus the public OIT page.

Labels are translated (LANGUAGE_CODE="th") and the Thai catalogue is still
moving, so elements are found by form field names, URLs and ids, never by
visible text. URLs come from ``reverse`` so the tests follow the URLconf.
"""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from core.models import Report
from indicators.models import Evidence, ReviewState
from tests.conftest import PDF_BYTES

from .conftest import BROWSER_GROUP, PASSWORD, ConsoleLog

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group(BROWSER_GROUP),
]

YEAR = 2564
# A Thai title with an ASCII token that survives PDF text extraction.
EVIDENCE_TITLE = "รายงานการประชุมคณะทำงาน ITA E2E-7Q"
EVIDENCE_TOKEN = "E2E-7Q"
EFFECTIVE_DATE = datetime.date(2021, 3, 15)


def log_in(page: Page, base_url: str, username: str) -> None:
    """Log in through the real login form and land on the dashboard."""
    page.goto(base_url + reverse("login"))
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(base_url + reverse("home"))
    expect(page.locator(f'form[action="{reverse("logout")}"]')).to_have_count(1)


def log_out(page: Page, base_url: str) -> None:
    """Open the user menu and press the log-out button (a POST form inside the dropdown)."""
    logout_button = page.locator(f'form[action="{reverse("logout")}"] button[type=submit]')
    expect(logout_button).to_be_hidden()
    page.locator("#user-menu-toggle").click()
    expect(logout_button).to_be_visible()
    logout_button.click()
    page.wait_for_url(base_url + reverse("home"))
    expect(page.locator(f'nav a[href="{reverse("login")}"]')).to_be_visible()
    expect(page.locator(f'form[action="{reverse("logout")}"]')).to_have_count(0)


@pytest.mark.usefixtures("tasks_in_process")
def test_evidence_journey_from_upload_to_o43_report(
    page: Page, live_server, users, organisation, measure, tmp_path: Path, console_log: ConsoleLog
):
    base = live_server.url
    measure_url = reverse("indicators:measure_detail", args=[measure.pk])
    measures_of_year = f"{reverse('indicators:measure_list')}?year={YEAR}"
    assert measure.evidence_required == 1

    # --- Staff: open the measure, upload a PDF ------------------------------------
    log_in(page, base, "staff")
    page.goto(f"{base}{measures_of_year}")
    progress = page.locator("#indicator-1 [role=progressbar]")
    expect(progress).to_have_attribute("aria-valuenow", "0")
    expect(progress).to_have_attribute("aria-valuemax", "1")

    page.goto(f"{base}{reverse('indicators:my_measures')}?year={YEAR}")
    page.locator(f'main a[href="{measure_url}"]').click()
    page.wait_for_url(base + measure_url)
    upload_url = reverse("indicators:evidence_create_for_measure", args=[measure.pk])
    page.locator(f'main a[href="{upload_url}"]').click()
    page.wait_for_url(base + upload_url)

    pdf_path = tmp_path / "minutes.pdf"
    pdf_path.write_bytes(PDF_BYTES)
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name=title]").fill(EVIDENCE_TITLE)
    form.locator("input[name=effective_date]").fill(EFFECTIVE_DATE.isoformat())
    form.locator("input[type=file][name=file]").set_input_files(pdf_path)
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(base) + r"/evidence/\d+/$"))

    evidence = Evidence.objects.get(measure=measure)
    assert page.url == base + reverse("indicators:evidence_detail", args=[evidence.pk])
    assert evidence.title == EVIDENCE_TITLE
    assert evidence.effective_date == EFFECTIVE_DATE
    assert evidence.review_state == ReviewState.SUBMITTED
    assert evidence.uploaded_by == users["staff"]
    assert evidence.original_filename == "minutes.pdf"
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    expect(page.locator("main h1")).to_contain_text(EVIDENCE_TITLE)
    expect(page.locator("main .sha256")).to_have_text(evidence.sha256)
    log_out(page, base)

    # --- Coordinator: dashboard, review queue, approve ---------------------------
    log_in(page, base, "coordinator")
    review_url = reverse("indicators:review_queue")
    expect(page.locator(f'main a[href="{review_url}"]')).to_be_visible()  # "1 piece of evidence awaits…"
    screenshot = tmp_path / "dashboard-coordinator.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.read_bytes().startswith(b"\x89PNG")

    page.goto(base + review_url)
    review_form = page.locator(f'form[action="{reverse("indicators:evidence_review", args=[evidence.pk])}"]')
    expect(review_form).to_have_count(1)
    evidence_url = reverse("indicators:evidence_detail", args=[evidence.pk])
    expect(page.locator(f'main a[href="{evidence_url}"]')).to_have_text(EVIDENCE_TITLE)
    review_form.locator("button[name=decision][value=approve]").click()
    expect(review_form).to_have_count(0)
    assert page.url == base + review_url
    expect(page.locator("main .alert-success")).to_have_count(1)

    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.APPROVED
    assert evidence.reviewed_by == users["coordinator"]

    # --- Coordinator: O43 report prepared (in-process without Redis) into the archive ---
    report_url = reverse("indicators:measures_report")
    page.goto(base + report_url)
    report_form = page.locator("main form[method=post]:has(select[name=round])")
    report_form.locator("select[name=year]").select_option(str(YEAR))
    report_form.locator("select[name=round]").select_option("full")
    report_form.locator("button[type=submit]").click()
    expect(page.locator("#run-state")).to_have_attribute("data-state", "done")
    log_out(page, base)

    # --- Executive: the measure's progress has changed ---------------------------
    log_in(page, base, "executive")
    page.goto(f"{base}{measures_of_year}")
    progress = page.locator("#indicator-1 [role=progressbar]")
    expect(progress).to_have_attribute("aria-valuenow", "1")
    expect(progress).to_have_attribute("aria-valuemax", "1")
    expect(progress.locator(".progress-bar")).to_have_text("1/1")
    row = page.locator("#indicator-1 tbody tr", has=page.locator(f'a[href="{measure_url}"]'))
    expect(row.locator("td").nth(4)).to_have_text("1/1")
    expect(row.locator(".badge")).to_have_class(re.compile(r"\btext-bg-success\b"))  # status "Done"
    log_out(page, base)

    # --- Auditor: no generating (it would put evidence back to review); the archived O43 PDF downloaded ---
    log_in(page, base, "auditor")
    page.goto(f"{base}{report_url}?year={YEAR}")
    expect(page.locator("main form[method=post]")).to_have_count(0)
    report = Report.objects.get(kind="o43")
    with page.expect_download() as download_info:
        page.locator(f'#archived-reports a[href="{reverse("core:report_download", args=[report.pk])}"]').click()
    download = download_info.value
    assert download.failure() is None
    assert re.fullmatch(r"o43-\d{8}-\d{6}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    content = saved.read_bytes()
    assert content.startswith(b"%PDF")
    reader = PdfReader(saved)
    assert len(reader.pages) >= 1
    text = "".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert EVIDENCE_TOKEN in text  # the approved evidence is listed under its measure
    assert report.sha256 == hashlib.sha256(content).hexdigest()
    assert report.generated_by == users["coordinator"]
    log_out(page, base)

    assert console_log.errors == []


def test_public_oit_page_on_a_phone(new_page, live_server, organisation, fiscal_year, console_log: ConsoleLog):
    page = new_page(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, device_scale_factor=2)
    public_url = reverse("indicators:public_oit", args=[YEAR])

    page.goto(live_server.url + reverse("home"))
    menu_link = page.locator(f'#nav a[href="{public_url}"]')
    expect(menu_link).to_be_hidden()  # the navbar is collapsed on a phone
    page.locator("button.navbar-toggler[data-bs-target='#nav']").click()
    expect(menu_link).to_be_visible()
    menu_link.click()
    page.wait_for_url(live_server.url + public_url)

    item = page.locator("main li#O1")
    expect(item).to_be_visible()
    expect(item.locator("strong")).to_have_text("O1")
    # Nothing sticks out sideways on a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    assert console_log.errors == []
