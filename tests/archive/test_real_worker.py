"""A report run prepared by a real Celery worker over Redis, as in production (harness: tests/realworker)."""

import hashlib

import pytest

from core import report_runs
from core.models import ReportRun, ReportRunState
from indicators.models import Evidence
from tests.realworker import REALWORKER_GROUP, running_worker, wait_until, worker_ready  # noqa: F401 - worker_ready is a fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("worker_ready"),
    pytest.mark.xdist_group(REALWORKER_GROUP),
]


def test_the_worker_prepares_the_report_the_page_asked_for(
    tmp_path, monkeypatch, client, users, organisation, own_department, fiscal_year
):
    organisation.coordinating_department = own_department
    organisation.save()
    client.force_login(users["coordinator"])
    with running_worker(tmp_path) as worker:
        # The page queues the run after its transaction commits; here it goes to the test worker's queue.
        monkeypatch.setattr(report_runs, "_enqueue", lambda run: worker.send("core.tasks.run_report", run.pk))
        response = client.post("/reports/request/", {"kind": "o43", "fiscal_year": "2564", "round": "full"})
        run = ReportRun.objects.get()
        assert response["Location"] == f"/reports/runs/{run.pk}/"

        def finished() -> bool:
            run.refresh_from_db()
            return not run.is_active

        wait_until(finished, timeout=90, what="the report run")

    assert run.state == ReportRunState.DONE, run.error
    with run.report.file.open("rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == run.report.sha256
    assert run.report.generated_by == users["coordinator"]
    assert Evidence.objects.get(report=run.report).oit_item.code == "O43"
    assert f'href="/reports/{run.report.pk}/download/"' in client.get(response["Location"]).content.decode()
