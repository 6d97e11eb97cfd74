"""A report job run by a real Celery worker over Redis, as in production.

Needs REDIS_URL (a Redis database of its own: the queue is purged) and PostgreSQL, so the
worker process sees the test database; without them it is skipped, and says so.
The shared real-worker harness of the schedule tests may replace the fixture below.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from archive.models import JobState, ReportJob
from core.roles import sync_roles
from indicators.models import Evidence
from takbai_ita.celery import app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="real-worker test not run: set REDIS_URL to a Redis database"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="real-worker test not run: needs DATABASE_URL=postgres://…"
    ),
]


@pytest.fixture(autouse=True)
def _roles_back_after_the_flush(django_db_blocker):
    """The test commits for real (the worker must see its data), so the database is emptied after it.

    Set up before `transactional_db` (autouse comes first), this runs after the flush:
    Django recreates content types and permissions with new ids; the roles made by migrations
    come back here, and the stale content-type cache goes, for the tests that follow.
    """
    yield
    with django_db_blocker.unblock():
        ContentType.objects.clear_cache()
        sync_roles(django_apps)


@pytest.fixture
def worker(transactional_db, settings):
    app.conf.task_always_eager = False  # restored by the autouse tasks_in_process fixture
    app.control.purge()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "takbai_ita", "worker", "-P", "solo", "-l", "warning",
         "--without-gossip", "--without-mingle", "-n", f"archive-test-{os.getpid()}@%h"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    yield process
    process.terminate()
    process.wait(timeout=30)


def wait_until_finished(job: ReportJob, seconds: float = 90) -> ReportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return job
        time.sleep(0.5)
    raise AssertionError(f"job still {job.state} after {seconds}s")


def test_the_worker_prepares_the_report_the_page_asked_for(
    transactional_db, worker, client, users, organisation, own_department, fiscal_year
):
    organisation.coordinating_department = own_department
    organisation.save()
    client.force_login(users["auditor"])

    response = client.post("/reports/request/", {"kind": "o43", "fiscal_year": "2564", "round": "full"})
    job = ReportJob.objects.get()
    assert response["Location"] == f"/reports/jobs/{job.pk}/"
    assert job.state == JobState.QUEUED  # the web request did not render it

    job = wait_until_finished(job)
    assert job.state == JobState.DONE, job.error
    with job.report.file.open("rb") as file:
        assert hashlib.sha256(file.read()).hexdigest() == job.report.sha256
    assert job.report.generated_by == users["auditor"]
    assert Evidence.objects.get(report=job.report).oit_item.code == "O43"
    assert f'href="/reports/{job.report.pk}/download/"' in client.get(response["Location"]).content.decode()
