"""Fixtures of the report-archive tests: an archived report rendered through `render_report`."""

import pytest

from core.pdf import render_report


@pytest.fixture(autouse=True)
def _in_process(tasks_in_process):
    """Jobs run at once, as without Redis; test_real_worker.py turns this off for its worker."""


@pytest.fixture
def archived(organisation, fiscal_year, users):
    return render_report(
        kind="o43",
        title="รายงานทดสอบการตรวจสอบ",
        template_name="archive/pdf/evidence_index.html",
        context={"title": "รายงานทดสอบการตรวจสอบ", "fiscal_year": fiscal_year, "header": [], "rows": []},
        fiscal_year=fiscal_year,
        round_="h1",
        user=users["coordinator"],
    )
