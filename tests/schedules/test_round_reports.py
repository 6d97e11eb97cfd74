"""The semiannual schedule: every registered round report of the round just closed, archived, attached, announced."""

import contextlib
import datetime
import hashlib
from unittest.mock import Mock

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.utils import timezone, translation

from core import report_runs
from core.models import Report, ReportRun, ReportRunState
from core.round_reports import round_reports
from core.tasks import run_report
from indicators.models import Evidence, ReviewState
from indicators.services import NO_COORDINATING_DEPARTMENT
from notifications.models import Notification
from schedules import services
from schedules.tasks import produce_round_reports
from tests.realworker import REALWORKER_GROUP, running_worker, wait_until, worker_ready  # noqa: F401 - worker_ready is a fixture

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


@pytest.fixture
def schedule(django_capture_on_commit_callbacks, tasks_in_process):
    """Run the beat's task on a day as the worker would, the report tasks it queues included."""

    def run_on(day: datetime.date) -> dict[str, int | None]:
        with django_capture_on_commit_callbacks(execute=True):
            return produce_round_reports.apply(args=[day.isoformat()]).get()

    return run_on


def scheduled_runs():
    return ReportRun.objects.filter(scheduled=True).order_by("kind", "pk")


def _notices() -> list[Notification]:
    return list(Notification.objects.filter(source="round_reports").order_by("pk"))


@pytest.mark.django_db
def test_produced_once_per_kind_year_and_round_and_the_coordinator_is_told(organisation, fiscal_year, users, schedule):
    assert {"o16", "o31", "o43"} <= set(kinds())
    schedule(datetime.date(2021, 4, 1))
    runs = scheduled_runs()
    assert [(run.kind, run.round, run.state, run.attempts) for run in runs] == [
        (kind, "h1", ReportRunState.DONE, 1) for kind in kinds()
    ]
    reports = [_assert_archived_and_attached(fiscal_year, "h1", kind) for kind in kinds()]

    schedule(datetime.date(2021, 4, 1))
    assert [run.report_id for run in scheduled_runs()] == [report.pk for report in reports]
    assert Report.objects.count() == len(kinds())
    [notice] = _notices()
    assert notice.recipient == users["coordinator"]
    assert all(f"/reports/{report.pk}/download/" in notice.body for report in reports)

    schedule(datetime.date(2021, 10, 1))  # the full year is a different run
    assert Report.objects.filter(round="full").count() == len(kinds())
    assert scheduled_runs().count() == 2 * len(kinds())
    assert len(_notices()) == 2


def _broken(fiscal_year, round_, user):
    raise RuntimeError("template missing")


@pytest.mark.django_db
def test_a_failing_report_is_recorded_and_reported_without_stopping_the_others(
    monkeypatch, organisation, fiscal_year, users, schedule
):
    from core import round_reports

    entry = round_reports.RoundReport("zz-broken", "x", _broken, "core.view_report")
    monkeypatch.setitem(round_reports._registry, "zz-broken", entry)
    schedule(datetime.date(2021, 4, 1))
    runs = scheduled_runs()
    assert {run.kind: bool(run.report_id) for run in runs} == {
        kind: True for kind in kinds() if kind != "zz-broken"
    } | {"zz-broken": False}
    assert "template missing" in scheduled_runs().get(kind="zz-broken").error
    [notice] = _notices()
    assert "zz-broken" in notice.body

    # Repaired, the next run makes it and says so, once; the reports made before are not repeated.
    made_before = set(Report.objects.values_list("pk", flat=True))
    monkeypatch.setitem(
        round_reports._registry, "zz-broken", round_reports.RoundReport("zz-broken", "x", _made, "core.view_report")
    )
    schedule(datetime.date(2021, 4, 2))
    schedule(datetime.date(2021, 4, 3))
    failed, repaired = scheduled_runs().filter(kind="zz-broken")  # tried again as a new run
    assert failed.state == ReportRunState.FAILED
    assert (repaired.error, repaired.report_id not in made_before) == ("", True)
    assert set(Report.objects.values_list("pk", flat=True)) == made_before | {repaired.report_id}
    first, second = _notices()
    assert f"/reports/{repaired.report_id}/download/" in second.body
    assert all(f"/reports/{pk}/download/" not in second.body for pk in made_before)


def _made(fiscal_year, round_, user):
    return Report.objects.create(kind="zz-broken", title="ซ่อมแล้ว", fiscal_year=fiscal_year, round=round_, size=1)


@pytest.mark.django_db
def test_without_a_coordinating_department_the_run_says_why(fiscal_year, users, schedule):
    from core.models import Organisation

    Organisation.objects.create(name_th="เทศบาลทดสอบ")
    schedule(datetime.date(2021, 4, 1))
    runs = {run.kind: run for run in scheduled_runs()}
    for kind in ATTACHED_TO:  # the reports that become evidence need an owner; the run says so for each
        assert runs[kind].report is None
        assert runs[kind].reason == str(NO_COORDINATING_DEPARTMENT)
    assert str(NO_COORDINATING_DEPARTMENT) in Notification.objects.get(source="round_reports").body


@pytest.mark.django_db
def test_no_fiscal_year_no_reports(schedule):
    assert schedule(datetime.date(2030, 4, 1)) == {}


class WorkerDiedError(Exception):
    """Stands for a worker killed at that point: what was committed stays, the rest never ran."""


@pytest.mark.django_db
def test_a_worker_dying_before_the_notice_does_not_lose_it(monkeypatch, organisation, fiscal_year, users, schedule):
    """The reports are committed, then the worker dies before telling the coordinators: the next run
    (a redelivery, the sweep) tells them, about every report, once."""
    real_notify = services._notify_coordinators
    monkeypatch.setattr(services, "_notify_coordinators", Mock(side_effect=WorkerDiedError))
    with contextlib.suppress(WorkerDiedError):
        schedule(datetime.date(2021, 4, 1))
    assert Report.objects.count() == len(kinds())
    assert _notices() == []

    monkeypatch.setattr(services, "_notify_coordinators", real_notify)
    schedule(datetime.date(2021, 4, 1))
    services.round_reports_announce()
    [notice] = _notices()
    assert all(f"/reports/{pk}/download/" in notice.body for pk in Report.objects.values_list("pk", flat=True))
    assert Report.objects.count() == len(kinds())


@pytest.mark.django_db
def test_a_run_redelivered_after_partial_work_announces_everything_in_one_notice(
    organisation, fiscal_year, users, schedule, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the reports were queued, then the broker lost them
        services.round_reports_start(datetime.date(2021, 4, 1))
    first, second, *rest = scheduled_runs()
    for run in (first, second):  # two reports made, then the worker died before announcing
        report_runs.report_run_produce(run.pk)
    assert _notices() == []

    schedule(datetime.date(2021, 4, 1))  # the beat's task delivered again
    [notice] = _notices()
    assert all(f"/reports/{run.report_id}/download/" in notice.body for run in scheduled_runs())
    assert services.round_reports_announce() == 0


@pytest.mark.django_db
def test_a_report_cut_short_by_the_time_limit_is_retried_then_reported_as_failed(
    monkeypatch, settings, organisation, fiscal_year, users, django_capture_on_commit_callbacks, tasks_in_process
):
    """The soft time limit is not swallowed as an ordinary failure (the hard limit would then kill
    the next report half-way): the report's own task is retried, each try counted, and after the
    last the round is announced with that report as failed."""
    from core import round_reports

    settings.REPORT_RUN_ATTEMPTS = 2

    def slow(fiscal_year, round_, user):
        raise SoftTimeLimitExceeded

    monkeypatch.setitem(round_reports._registry, "zz-slow", round_reports.RoundReport("zz-slow", "x", slow, "x.y"))
    with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(Retry):
        services.round_reports_start(datetime.date(2021, 4, 1))
    run = scheduled_runs().get(kind="zz-slow")
    assert (run.report_id, run.state, run.attempts) == (None, ReportRunState.RUNNING, 1)
    assert _notices() == []  # the round waits for it

    with pytest.raises(Retry):
        run_report.apply(args=[run.pk], retries=1)
    with django_capture_on_commit_callbacks(execute=True):
        run_report.apply(args=[run.pk], retries=2).get()
    run.refresh_from_db()
    assert run.attempts == 3
    with translation.override(settings.LANGUAGE_CODE):
        assert run.error == report_runs.GAVE_UP % {"attempts": 2}
    assert run.state == ReportRunState.FAILED
    [notice] = _notices()
    assert "zz-slow" in notice.body
    assert Report.objects.count() == len(kinds()) - 1


@pytest.mark.django_db
def test_a_report_whose_task_was_lost_or_killed_is_queued_again_by_the_sweep(
    organisation, fiscal_year, users, django_capture_on_commit_callbacks, tasks_in_process
):
    with django_capture_on_commit_callbacks(execute=False):  # queued; the worker was killed mid-report
        services.round_reports_start(datetime.date(2021, 4, 1))
    ReportRun.objects.update(attempts=1, state=ReportRunState.RUNNING)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_runs.report_runs_sweep() == 0  # not yet: it may still be running
        later = timezone.now() + datetime.timedelta(minutes=15)
        assert report_runs.report_runs_sweep(now=later) == len(kinds())
    assert all(run.report_id and run.attempts == 2 for run in scheduled_runs())
    assert len(_notices()) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("worker_ready")
@pytest.mark.xdist_group(REALWORKER_GROUP)
def test_the_worker_at_the_end_of_a_round_produces_the_reports(tmp_path, organisation, fiscal_year, users):
    """Real workers whose clock is frozen (ticking) at 06:00 on 1 April 2021 run the beat's task,
    twice at once on two workers; it queues one task per report: one report per kind, year and
    round, and one notice."""
    users["coordinator"].email = "coordinator@example.test"
    users["coordinator"].save()
    with running_worker(tmp_path, nodes=2, TEST_FROZEN_TIME=END_OF_FIRST_HALF) as worker:
        results = [worker.send("schedules.tasks.produce_round_reports") for _ in range(2)]
        for result in results:
            assert set(result.get(timeout=60)) == set(kinds())

        def announced() -> bool:
            runs = scheduled_runs()
            return len(runs) == len(kinds()) and all(run.announced_at for run in runs)

        wait_until(announced, timeout=180, what="the round reports")
        reports = {kind: _assert_archived_and_attached(fiscal_year, "h1", kind).pk for kind in kinds()}
        assert {run.kind: run.report_id for run in scheduled_runs()} == reports
        report = Report.objects.get(kind="o43")
        assert timezone.localtime(report.generated_at).date() == datetime.date(2021, 4, 1)
        assert Report.objects.count() == len(kinds())
        wait_until(lambda: any(worker.mail_dir.glob("*.eml")), what="the coordinator's e-mail")
    mails = [path.read_text(encoding="utf-8") for path in worker.mail_dir.glob("*.eml")]
    assert len(mails) == 1
    assert "To: coordinator@example.test" in mails[0]
    assert f"/reports/{report.pk}/download/" in mails[0]
