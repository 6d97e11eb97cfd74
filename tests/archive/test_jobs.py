"""Report jobs: a report is prepared by the worker (in-process here, as without Redis) while the user waits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from kombu.exceptions import OperationalError

from archive import services, tasks
from archive.models import JobState, ReportJob
from core import round_reports
from core.models import Report


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

    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.state == JobState.DONE
    assert job.started_at is not None
    assert job.finished_at is not None
    report = Report.objects.get()
    assert job.report == report
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
def test_two_requests_for_the_same_report_share_one_job(fiscal_year, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = services.report_job_request(kind="o43", fiscal_year=fiscal_year, round_="h1", user=users["coordinator"])
        second = services.report_job_request(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)
        other_round = services.report_job_request(kind="o43", fiscal_year=fiscal_year, round_="full", user=None)
    assert first.pk == second.pk
    assert other_round.pk != first.pk
    assert len(queued) == 2  # one task per job, not per request


@pytest.mark.usefixtures("coordinated")
def test_the_database_refuses_a_second_active_job_for_the_same_report(fiscal_year):
    from django.db import IntegrityError, transaction

    ReportJob.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=JobState.RUNNING)
    # Finished jobs do not count: the same report may be prepared again later.
    ReportJob.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=JobState.DONE)


@pytest.mark.usefixtures("coordinated")
def test_a_task_delivered_twice_makes_one_report(fiscal_year, users):
    job = ReportJob.objects.create(kind="o43", fiscal_year=fiscal_year, round="full", requested_by=users["auditor"])

    tasks.generate_round_report.apply(args=[job.pk])
    tasks.generate_round_report.apply(args=[job.pk])  # a redelivery (acks_late) after it finished

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert Report.objects.count() == 1
    assert job.report == Report.objects.get()
    assert tasks.generate_round_report.acks_late is True


def test_a_failing_report_fails_the_job_with_a_clear_message(
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

    job = ReportJob.objects.get()
    assert job.state == JobState.FAILED
    assert "no coordinating department" in job.error
    assert not Report.objects.exists(), "what the failed generator made is rolled back"
    page = coordinator_client.get(response["Location"])
    assert 'data-state="failed"' in page.content.decode()
    assert page.context["job"].error not in page.content.decode()  # details are for the administrator

    # Asking again starts a new job rather than returning the failed one.
    with django_capture_on_commit_callbacks(execute=False):
        again = services.report_job_request(kind="broken", fiscal_year=fiscal_year, round_="h1", user=None)
    assert again.pk != job.pk
    assert again.state == JobState.QUEUED


@pytest.mark.usefixtures("coordinated")
def test_an_unreachable_worker_fails_the_job_instead_of_leaving_it_waiting(
    fiscal_year, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.generate_round_report, "delay", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.report_job_request(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)

    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == services.WORKER_UNREACHABLE


@pytest.mark.usefixtures("coordinated")
def test_a_job_lost_long_ago_no_longer_blocks_a_new_request(fiscal_year, settings, django_capture_on_commit_callbacks):
    lost = ReportJob.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", state=JobState.RUNNING)
    ReportJob.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALE_AFTER + 1)
    )
    with django_capture_on_commit_callbacks(execute=False):
        job = services.report_job_request(kind="o43", fiscal_year=fiscal_year, round_="h1", user=None)

    assert job.pk != lost.pk
    lost.refresh_from_db()
    assert lost.state == JobState.FAILED
    # The redelivered task of the lost job then does nothing.
    services.report_job_run(lost.pk)
    assert not Report.objects.exists()


@pytest.mark.usefixtures("fiscal_year")
@pytest.mark.parametrize(
    "data",
    [{**REQUEST, "kind": "nope"}, {**REQUEST, "round": "q3"}, {**REQUEST, "fiscal_year": "1999"}, {}],
)
def test_a_bad_request_shows_the_form_again_and_starts_nothing(coordinator_client, data):
    response = coordinator_client.post("/reports/request/", data)
    assert response.status_code == 400
    assert response.context["request_form"].errors
    assert not ReportJob.objects.exists()


def test_a_task_for_a_job_that_no_longer_exists_is_ignored(db):
    assert services.report_job_run(424242) is None
    assert not Report.objects.exists()
