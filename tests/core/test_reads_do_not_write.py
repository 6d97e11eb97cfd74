"""Opening a page never writes: every page a GET opens, for the coordinator and for a visitor,
leaves the portal's data as it was (issue 10). Rate-limit counters live in the cache, not here."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Category
from complaints.services import complaint_submit
from core.fiscal import fiscal_year_of
from core.models import FiscalYear
from indicators.services import evidence_create
from satisfaction.models import ServicePoint
from tests.conftest import pdf_upload

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

PAGES = [
    "home",
    "indicators:measure_list",
    "indicators:my_measures",
    "indicators:measure_create",
    "indicators:oit_checklist",
    "indicators:review_queue",
    "indicators:measures_report",
    "archive:report_list",
    "core:verify",
    "notifications:inbox",
    "notifications:failed",
    "schedules:calendar",
    "schedules:deadline_create",
    "core:organisation_edit",
    "core:audit_log",
    "core:holiday_list",
    "complaints:new",
    "complaints:corruption",
    "complaints:thanks",
    "complaints:status",
    "complaints:guideline",
    "complaints:list",
    "complaints:export",
    "complaints:export_xlsx",
    "complaints:record",
    "complaints:overview",
    "complaints:statistics",
    "complaints:guideline_edit",
    "satisfaction:point_list",
    "satisfaction:point_create",
    "satisfaction:questions_edit",
    "satisfaction:results",
    "satisfaction:results_csv",
    "satisfaction:results_xlsx",
    "satisfaction:o16",
]


@pytest.fixture
def urls(organisation, users, fiscal_year, measure) -> list[str]:
    FiscalYear.objects.get_or_create(year=fiscal_year_of(timezone.localdate()))  # as the daily schedule makes it
    evidence = evidence_create(
        user=users["staff"],
        title="หลักฐาน",
        effective_date=datetime.date(2021, 1, 5),
        measure=measure,
        upload=pdf_upload(),
    )
    category = Category.objects.filter(is_corruption=False).first()
    complaint = complaint_submit(category=category, subject="ถนนชำรุด", description="หลุมลึก", anonymous=True)
    point = ServicePoint.objects.create(name="งานทะเบียนราษฎร", department=measure.department)
    return [
        *(reverse(name) for name in PAGES),
        reverse("indicators:measure_detail", args=[measure.pk]),
        reverse("indicators:evidence_detail", args=[evidence.pk]),
        reverse("indicators:public_oit", args=[fiscal_year.year]),
        reverse("complaints:detail", args=[complaint.pk]),
        f"{reverse('complaints:status')}?code={complaint.tracking_code}",
        f"{reverse('complaints:status')}?code=AAA-BBB-CCC",
        reverse("core:import_upload", args=["holidays"]),
        reverse("core:import_template", args=["holidays", "xlsx"]),
        reverse("satisfaction:point_detail", args=[point.pk]),
        reverse("satisfaction:rate", args=[point.token]),
        f"{reverse('satisfaction:results')}?year={fiscal_year.year + 20}",  # a year not in the portal
        f"{reverse('schedules:calendar')}?year={fiscal_year.year + 20}",
    ]


def _writes(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code < 500, url
    # The session row is Django's record of who is signed in, not the portal's data.
    return [q["sql"] for q in queries.captured_queries if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]


@pytest.mark.parametrize("who", ["coordinator", "visitor"])
def test_no_page_writes(client, users, urls, who):
    if who == "coordinator":
        client.force_login(users["coordinator"])
    written = {url: sql for url in urls if (sql := _writes(client, url))}
    assert written == {}
