"""Report runs: a report is prepared by the worker (in-process here, as without Redis) while the user waits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from core import report_runs, round_reports, tasks
from core.models import Report, ReportRun, ReportRunState


@pytest.fixture
def coordinated(organisation, own_department):
    organisation.coordinating_department = own_department
    organisation.save()
    return organisation


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


REQUEST = {"kind": "o43", "fiscal_year": "2564", "round": "h1"}


@pytest.mark.usefixtures("coordinated", "fiscal_year")
def test_a_requested_report_is_prepared_and_offered_for_download(
    coordinator_client, users, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post("/reports/request/", REQUEST)

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/runs/{run.pk}/"
    assert run.state == ReportRunState.DONE
    assert run.attempted_at is not None
    assert run.attempts == 1
    assert not run.scheduled
    assert run.finished_at is not None
    report = Report.objects.get()
    assert run.report == report
    assert (report.kind, report.round, report.fiscal_year.year) == ("o43", "h1", 2564)
    assert report.generated_by == users["coordinator"]

    page = coordinator_client.get(response["Location"]).content.decode()
    assert f'href="/reports/{report.pk}/download/"' in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.usefixtures("coordinated", "fiscal_year")
def test_while_the_worker_has_not_run_the_page_says_it_is_being_prepared_and_refreshes(
    coordinator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = coordinator_client.post("/reports/request/", REQUEST)
    assert len(queued) == 1

    page = coordinator_client.get(response["Location"]).content.decode()
    assert 'data-state="queued"' in page
    assert 'http-equiv="refresh"' in page
    assert 'id="report-download"' not in page
    assert not Report.objects.exists()


@pytest.mark.usefixtures("coordinated")
def test_two_requests_for_the_same_report_share_one_run(fiscal_year, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=users["coordinator"])
        second = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)
        other_round = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="full", user=None)
    assert first.pk == second.pk
    assert other_round.pk != first.pk
    assert len(queued) == 2  # one task per run, not per request


@pytest.mark.usefixtures("coordinated")
def test_the_database_refuses_a_second_active_run_for_the_same_report(fiscal_year):
    from django.db import IntegrityError, transaction

    ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=ReportRunState.RUNNING)
    # Finished runs do not count: the same report may be prepared again later.
    ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=ReportRunState.DONE)


@pytest.mark.usefixtures("coordinated")
def test_a_task_delivered_twice_makes_one_report(fiscal_year, users):
    run = ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="full", requested_by=users["auditor"])

    tasks.run_report.apply(args=[run.pk])
    tasks.run_report.apply(args=[run.pk])  # a redelivery (acks_late) after it finished

    run.refresh_from_db()
    assert run.state == ReportRunState.DONE
    assert Report.objects.count() == 1
    assert run.report == Report.objects.get()
    assert tasks.run_report.acks_late is True


def test_a_failing_report_fails_the_run_with_a_clear_message(
    coordinator_client, fiscal_year, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(fiscal_year, round_, user):
        Report.objects.create(kind="broken", title="half made", size=1, sha256="0" * 64)
        raise ValidationError("no coordinating department")

    monkeypatch.setitem(
        round_reports._registry, "broken", round_reports.RoundReport("broken", "Broken", broken, "core.view_report")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post("/reports/request/", {**REQUEST, "kind": "broken"})

    run = ReportRun.objects.get()
    assert run.state == ReportRunState.FAILED
    assert "no coordinating department" in run.error
    assert not Report.objects.exists(), "what the failed generator made is rolled back"
    page = coordinator_client.get(response["Location"])
    assert 'data-state="failed"' in page.content.decode()
    assert page.context["run"].error not in page.content.decode()  # details are for the administrator

    # Asking again starts a new run rather than returning the failed one.
    with django_capture_on_commit_callbacks(execute=False):
        again = report_runs.request_report(kind="broken", fiscal_year=fiscal_year, round_="h1", user=None)
    assert again.pk != run.pk
    assert again.state == ReportRunState.QUEUED


@pytest.mark.usefixtures("coordinated")
def test_an_unreachable_worker_fails_the_run_instead_of_leaving_it_waiting(
    fiscal_year, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.run_report, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)

    run.refresh_from_db()
    assert run.state == ReportRunState.FAILED
    assert run.error == report_runs.WORKER_UNREACHABLE


@pytest.mark.usefixtures("coordinated")
def test_a_run_lost_long_ago_is_queued_again_when_the_report_is_asked_for(
    fiscal_year, settings, django_capture_on_commit_callbacks, tasks_in_process
):
    lost = ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=ReportRunState.RUNNING)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    ReportRun.objects.filter(pk=lost.pk).update(attempted_at=long_ago, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)

    assert run.pk == lost.pk
    run.refresh_from_db()
    assert (run.state, run.attempts) == (ReportRunState.DONE, 2)
    assert Report.objects.get() == run.report


@pytest.mark.usefixtures("coordinated")
def test_a_run_still_within_its_time_limit_is_not_queued_twice(fiscal_year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)
    ReportRun.objects.filter(pk=first.pk).update(state=ReportRunState.RUNNING, attempts=1)
    with django_capture_on_commit_callbacks(execute=False) as again:
        assert report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None).pk == first.pk
    assert (len(queued), len(again)) == (1, 0)


@pytest.mark.usefixtures("coordinated")
def test_the_sweep_queues_lost_runs_and_a_run_that_never_finishes_ends_failed(
    fiscal_year, settings, django_capture_on_commit_callbacks, tasks_in_process, monkeypatch
):
    settings.REPORT_RUN_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        run = report_runs.request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)
    ReportRun.objects.filter(pk=run.pk).update(state=ReportRunState.RUNNING, attempts=2)  # killed twice

    assert report_runs.report_runs_sweep() == 0  # it may still be running
    later = timezone.now() + datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 61)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_runs.report_runs_sweep(now=later) == 1

    run.refresh_from_db()
    assert (run.state, run.attempts, run.report) == (ReportRunState.FAILED, 3, None)
    with translation.override(settings.LANGUAGE_CODE):
        assert run.reason == report_runs.GAVE_UP % {"attempts": 2}  # names the attempts allowed
    assert not Report.objects.exists()
    assert report_runs.report_runs_sweep(now=later) == 0  # a failed run is left alone


@pytest.mark.usefixtures("fiscal_year")
@pytest.mark.parametrize(
    "data",
    [{**REQUEST, "kind": "nope"}, {**REQUEST, "round": "q3"}, {**REQUEST, "fiscal_year": "1999"}, {}],
)
def test_a_bad_request_shows_the_form_again_and_starts_nothing(coordinator_client, data):
    response = coordinator_client.post("/reports/request/", data)
    assert response.status_code == 400
    assert response.context["request_form"].errors
    assert not ReportRun.objects.exists()


def test_a_task_for_a_run_that_no_longer_exists_is_ignored(db):
    assert report_runs.report_run_produce(424242) is None
    assert not Report.objects.exists()
