"""The spreadsheet import in a real browser: the coordinator downloads the template, uploads the year's holidays
with one bad row, reads what is wrong with it, uploads the corrected file and imports it; the dates are read
in the Buddhist era and shown back that way."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from core.models import Holiday

from .conftest import BROWSER_GROUP, ConsoleLog
from .test_evidence_journey import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group(BROWSER_GROUP),
]


def holidays_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(["วันที่,ชื่อวันหยุด (ภาษาไทย),ชื่อวันหยุด (ภาษาอังกฤษ)", *rows]) + "\n", encoding="utf-8-sig")
    return path


def test_the_coordinator_imports_the_years_holidays_after_fixing_a_bad_row(
    page: Page, live_server, users, organisation, tmp_path: Path, console_log: ConsoleLog
):
    base = live_server.url
    this_year = datetime.date.today().year + 543
    log_in(page, base, "coordinator")
    page.goto(base + reverse("core:holiday_list"))
    upload_url = reverse("core:import_upload", args=["holidays"])
    page.locator(f'main a[href="{upload_url}"]').click()
    page.wait_for_url(base + upload_url)

    with page.expect_download() as template:
        page.locator("main a[href$='template.xlsx']").click()
    assert template.value.suggested_filename.endswith(".xlsx")

    bad = holidays_csv(
        tmp_path / "holidays.csv",
        [f"13/04/{this_year},วันสงกรานต์,Songkran", f"31/02/{this_year},วันที่ไม่มีจริง,", f"05/12/{this_year},วันพ่อแห่งชาติ,"],
    )
    page.locator("main input[type=file]").set_input_files(bad)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .alert-danger")).to_be_visible()
    expect(page.locator("main table.table-bordered")).to_contain_text(f"ไม่มีวันที่ 31 กุมภาพันธ์ {this_year} ในปฏิทิน")
    assert not Holiday.objects.exists()

    page.locator(f'main a[href="{upload_url}"]').click()
    good = holidays_csv(
        tmp_path / "holidays-fixed.csv", [f"13/04/{this_year},วันสงกรานต์,Songkran", f"05/12/{this_year},วันพ่อแห่งชาติ,"]
    )
    page.locator("main input[type=file]").set_input_files(good)
    page.locator("main form button[type=submit]").click()
    page.locator("main form button[type=submit]").click()  # the preview's "Import"
    expect(page.locator("main .alert-success")).to_be_visible()

    songkran = datetime.date(this_year - 543, 4, 13)
    assert set(Holiday.objects.values_list("date", flat=True)) == {songkran, datetime.date(this_year - 543, 12, 5)}
    page.goto(base + reverse("core:holiday_list"))
    expect(page.locator("main")).to_contain_text(f"13 เมษายน {this_year}")
    assert console_log.errors == []
