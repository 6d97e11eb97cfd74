"""A citizen rates a service on a phone-sized browser; the coordinator then sees the rating in the results.

Elements are found by field names, ids and URLs, never by translated text, as in the other journeys.
"""

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.fiscal import fiscal_year_of
from core.models import FiscalYear
from core.roles import sync_roles
from satisfaction.models import Response, ServicePoint

from .conftest import BROWSER_GROUP, ConsoleLog
from .test_evidence_journey import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group(BROWSER_GROUP),
]

# The narrowest phones still in use (and the width WCAG reflow asks for): 320 CSS pixels.
PHONE_WIDTH = 320
PHONE = {"viewport": {"width": PHONE_WIDTH, "height": 640}, "is_mobile": True, "has_touch": True}
COMMENT = "เจ้าหน้าที่ใจดี E2E-SAT"


@pytest.fixture
def roles(transactional_db) -> None:
    """The role groups, whatever the previous transactional test's flush left.

    After other tests ran in the same session, the serialized-rollback restore was seen to leave the
    groups out for the third transactional test; making them here keeps this journey independent of order.
    """
    sync_roles(django_apps)


def test_a_citizen_rates_on_a_phone_and_the_coordinator_sees_it(
    new_page, live_server, roles, users, organisation, own_department, console_log: ConsoleLog
):
    # The year and its questions exist, as the daily schedule makes them: opening the form creates nothing.
    FiscalYear.objects.get_or_create(year=fiscal_year_of(timezone.localdate()))
    point = ServicePoint.objects.create(name="งานทะเบียนราษฎร", department=own_department)
    base = live_server.url

    phone: Page = new_page(**PHONE)
    phone.goto(base + reverse("satisfaction:rate", args=[point.token]))
    # Nothing overflows sideways at phone width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    fieldsets = phone.locator("fieldset.scale")
    count = fieldsets.count()
    assert count >= 1
    for index in range(count):
        fieldsets.nth(index).locator("input[type=radio][value='4']").check()  # tapping the label works too
    phone.locator("fieldset.scale").first.locator("label").first.click()  # the first label is score 5
    phone.locator("textarea[name=comment]").fill(COMMENT)
    phone.locator("button[type=submit]").click()
    expect(phone.locator("[role=status]")).to_be_visible()
    expect(phone.locator(f'a[href="{reverse("home")}"]')).to_be_visible()

    response = Response.objects.get()
    assert (response.score_1, response.score_2, response.comment) == (5, 4, COMMENT)

    desk: Page = new_page()
    log_in(desk, base, "coordinator")
    desk.goto(base + reverse("satisfaction:results"))
    expect(desk.locator("#by-point tbody tr")).to_have_count(1)
    expect(desk.locator("#by-point tbody tr td").nth(2)).to_have_text("1")
    expect(desk.locator("main blockquote")).to_contain_text(COMMENT)

    # The chart of the means: drawn inline in Sarabun, its table folded, its figures downloadable.
    chart = desk.locator("#chart-means-by-point")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="งานทะเบียนราษฎร")).to_have_count(1)
    assert "Sarabun" in chart.locator("text").first.evaluate("text => getComputedStyle(text).fontFamily")
    assert desk.evaluate("document.fonts.check('12px Sarabun', 'งานทะเบียนราษฎร')")
    folded = desk.locator("#chart-figure-means-by-point details")
    expect(folded.locator("table")).not_to_be_visible()
    folded.locator("summary").click()
    expect(folded.locator("tbody tr th")).to_have_text("งานทะเบียนราษฎร")
    with desk.expect_download() as download:
        desk.locator("#chart-figure-means-by-point a[download]").click()
    assert download.value.suggested_filename == "means-by-point.csv"
    with open(download.value.path(), encoding="utf-8-sig") as figures:
        assert figures.read().splitlines()[1] == "งานทะเบียนราษฎร,4.17"
    assert console_log.errors == []
