"""The semiannual schedule: every registered round report of the round just closed, archived, attached, announced."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from core.models import Report
from core.round_reports import round_reports
from indicators.models import Evidence, ReviewState
from indicators.services import NO_COORDINATING_DEPARTMENT
from notifications.models import Notification
from schedules.models import RoundReportRun
from schedules.services import round_reports_produce
from tests.realworker import running_worker, wait_until, worker_ready  # noqa: F401 - worker_ready is a fixture

END_OF_FIRST_HALF = "2021-04-01T06:00:00+07:00"  # the beat entry: 1 April, 06:00 Bangkok


@pytest.fixture
def organisation(organisation, own_department):
    organisation.coordinating_department = own_department
    organisation.save()
    return organisation


def kinds() -> list[str]:
    """Every registered round report: O16, O31, O43 and the evidence index today."""
    return [report.kind for report in round_reports()]


# The OIT item each round report is attached to as evidence (the evidence index is not evidence).
ATTACHED_TO = {"o16": "O16", "o31": "O31", "o43": "O43"}


def _assert_archived_and_attached(fiscal_year, round_: str, kind: str = "o43") -> Report:
    report = Report.objects.get(kind=kind, fiscal_year=fiscal_year, round=round_)
    content = report.file.read()
    report.file.close()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert report.size == len(content)
    assert report.generated_by is None  # the schedule, not a person
    if kind in ATTACHED_TO:
        evidence = Evidence.objects.get(report=report, oit_item__code=ATTACHED_TO[kind])
        assert evidence.review_state == ReviewState.SUBMITTED
        assert evidence.sha256 == report.sha256
    return report


@pytest.mark.django_db
def test_produced_once_per_kind_year_and_round_and_the_coordinator_is_told(organisation, fiscal_year, users):
    assert {"o16", "o31", "o43"} <= set(kinds())
    runs = round_reports_produce(datetime.date(2021, 4, 1))
    assert [(run.kind, run.round, run.error) for run in runs] == [(kind, "h1", "") for kind in kinds()]
    reports = [_assert_archived_and_attached(fiscal_year, "h1", kind) for kind in kinds()]

    again = round_reports_produce(datetime.date(2021, 4, 1))
    assert [run.report_id for run in again] == [report.pk for report in reports]
    assert Report.objects.count() == len(kinds())
    notice = Notification.objects.get(source="round_reports")
    assert notice.recipient == users["coordinator"]
    assert all(f"/reports/{report.pk}/download/" in notice.body for report in reports)

    round_reports_produce(datetime.date(2021, 10, 1))  # the full year is a different run
    assert Report.objects.filter(round="full").count() == len(kinds())
    assert RoundReportRun.objects.count() == 2 * len(kinds())


@pytest.mark.django_db
def test_a_failing_report_is_recorded_and_reported_without_stopping_the_others(
    monkeypatch, organisation, fiscal_year, users
):
    from core import round_reports

    def broken(fiscal_year, round_, user):
        raise RuntimeError("template missing")

    monkeypatch.setitem(round_reports._registry, "zz-broken", round_reports.RoundReport("zz-broken", "x", broken))
    runs = round_reports_produce(datetime.date(2021, 4, 1))
    assert {run.kind: bool(run.report_id) for run in runs} == {
        kind: True for kind in kinds() if kind != "zz-broken"
    } | {"zz-broken": False}
    assert "template missing" in RoundReportRun.objects.get(kind="zz-broken").error
    assert "zz-broken" in Notification.objects.get(source="round_reports").body


@pytest.mark.django_db
def test_without_a_coordinating_department_the_run_says_why(fiscal_year, users):
    from core.models import Organisation

    Organisation.objects.create(name_th="เทศบาลทดสอบ")
    runs = {run.kind: run for run in round_reports_produce(datetime.date(2021, 4, 1))}
    for kind in ATTACHED_TO:  # the reports that become evidence need an owner; the run says so for each
        assert runs[kind].report is None
        assert runs[kind].error == str(NO_COORDINATING_DEPARTMENT)
    assert str(NO_COORDINATING_DEPARTMENT) in Notification.objects.get(source="round_reports").body


@pytest.mark.django_db
def test_no_fiscal_year_no_reports():
    assert round_reports_produce(datetime.date(2030, 4, 1)) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("worker_ready")
def test_the_worker_at_the_end_of_a_round_produces_the_reports(tmp_path, organisation, fiscal_year, users):
    """Real workers whose clock is frozen (ticking) at 06:00 on 1 April 2021 run the beat's task,
    twice at once on two workers: one report per kind, year and round."""
    users["coordinator"].email = "coordinator@example.test"
    users["coordinator"].save()
    with running_worker(tmp_path, nodes=2, TEST_FROZEN_TIME=END_OF_FIRST_HALF) as worker:
        results = [worker.send("schedules.tasks.produce_round_reports") for _ in range(2)]
        first, second = (result.get(timeout=180) for result in results)
        reports = {kind: _assert_archived_and_attached(fiscal_year, "h1", kind).pk for kind in kinds()}
        assert first == second == reports
        report = Report.objects.get(kind="o43")
        assert timezone.localtime(report.generated_at).date() == datetime.date(2021, 4, 1)
        assert Report.objects.count() == len(kinds())
        wait_until(lambda: any(worker.mail_dir.glob("*.eml")), what="the coordinator's e-mail")
    mails = [path.read_text(encoding="utf-8") for path in worker.mail_dir.glob("*.eml")]
    assert len(mails) == 1
    assert "To: coordinator@example.test" in mails[0]
    assert f"/reports/{report.pk}/download/" in mails[0]
