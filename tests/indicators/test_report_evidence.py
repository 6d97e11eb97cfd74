"""A generated round report becomes evidence awaiting review, on its OIT item and measures, once per round."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from core.models import Report
from core.round_reports import round_report, round_reports
from indicators.models import Evidence, ReviewState
from indicators.services import evidence_approve, evidence_from_report


@pytest.fixture
def coordinated(organisation, own_department):
    organisation.coordinating_department = own_department
    organisation.save()
    return organisation


def test_o43_is_a_registered_round_report():
    assert "o43" in [report.kind for report in round_reports()]


def test_generating_o43_attaches_it_to_o43_as_submitted_evidence(coordinated, fiscal_year, users):
    report = round_report("o43").generate(fiscal_year, "h1", users["coordinator"])
    (evidence,) = Evidence.objects.filter(report=report)
    assert evidence.oit_item.code == "O43"
    assert evidence.measure is None
    assert evidence.department == coordinated.coordinating_department
    assert evidence.review_state == ReviewState.SUBMITTED
    assert evidence.sha256 == report.sha256 == hashlib.sha256(evidence.file.read()).hexdigest()
    assert evidence.effective_date.isoformat() == "2021-03-31"
    assert evidence.uploaded_by == users["coordinator"]


def test_generating_again_replaces_the_file_and_keeps_the_old_one(coordinated, fiscal_year, users):
    first = round_report("o43").generate(fiscal_year, "h1", None)
    evidence = Evidence.objects.get(report=first)
    evidence_approve(user=users["coordinator"], evidence=evidence)

    second = round_report("o43").generate(fiscal_year, "h1", None)

    evidence.refresh_from_db()
    assert Evidence.objects.filter(oit_item__code="O43").count() == 1
    assert evidence.report == second
    assert evidence.uploaded_by is None
    assert evidence.review_state == ReviewState.SUBMITTED, "a new file needs review again"
    (revision,) = evidence.revisions.all()
    assert revision.sha256 == first.sha256


def test_the_other_round_is_separate_evidence(coordinated, fiscal_year):
    round_report("o43").generate(fiscal_year, "h1", None)
    round_report("o43").generate(fiscal_year, "full", None)
    assert Evidence.objects.filter(oit_item__code="O43").count() == 2


def test_report_evidence_on_measures_belongs_to_their_departments(coordinated, fiscal_year, other_measure, users):
    report = round_report("o43").generate(fiscal_year, "full", None)
    (evidence,) = evidence_from_report(report, measures=[other_measure])
    assert evidence.department == other_measure.department
    assert evidence.measure == other_measure
    assert evidence.oit_item is None


def test_without_a_coordinating_department_the_schedule_gets_a_clear_error(organisation, fiscal_year):
    with pytest.raises(ValidationError, match="หน่วยงานผู้ประสานงาน ITA"):
        round_report("o43").generate(fiscal_year, "h1", None)
    assert not Evidence.objects.exists()
    assert not Report.objects.exists(), "no archived report without its evidence"
