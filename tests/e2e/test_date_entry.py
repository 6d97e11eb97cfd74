"""A Buddhist-era date in a real browser: typed with the wrong year it is refused with the date that was
understood; chosen on the calendar (months in Thai, years B.E.) it is saved and shown back in B.E."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from indicators.models import Evidence

from .conftest import BROWSER_GROUP, ConsoleLog
from .test_evidence_journey import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group(BROWSER_GROUP),
]


def test_a_wrong_year_is_refused_and_the_calendar_writes_a_buddhist_era_day(
    page: Page, live_server, users, organisation, measure, console_log: ConsoleLog
):
    base = live_server.url
    log_in(page, base, "staff")
    page.goto(base + reverse("indicators:evidence_create_for_measure", args=[measure.pk]))
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[name=title]").fill("คำสั่งแต่งตั้งคณะทำงาน")
    form.locator("input[name=url]").fill("https://example.org/order.pdf")
    date_box = form.locator("input[name=effective_date]")
    expect(date_box).to_have_attribute("type", "text")
    date_box.fill("15/03/3107")
    form.locator("button[type=submit]").click()

    expect(page.locator("main")).to_contain_text("อ่านได้เป็น 15 มีนาคม 3107 — ตรวจสอบปี พ.ศ.")
    assert not Evidence.objects.exists()

    # The calendar opens on what was typed; the officer moves to 2564 and picks the 15th of March.
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("[data-thai-date-open]").click()
    panel = page.locator(".thai-date-panel")
    expect(panel).to_be_visible()
    year_box = panel.locator("input[type=number]")
    expect(year_box).to_have_value("3107")
    year_box.fill("2564")
    expect(panel.locator("select")).to_have_value("2")  # March, the month typed
    panel.locator("button[data-day='15']").click()
    expect(panel).to_have_count(0)
    expect(form.locator("input[name=effective_date]")).to_have_value("15/03/2564")
    form.locator("button[type=submit]").click()

    page.wait_for_url(f"{base}/evidence/*/")
    evidence = Evidence.objects.get()
    assert evidence.effective_date == datetime.date(2021, 3, 15)
    expect(page.locator("main")).to_contain_text("15 มีนาคม 2564")
    assert console_log.errors == []
