"""Shared fixtures: an organisation, two departments, one user per role, the FY2564 framework."""

import datetime
from pathlib import Path

import pytest
from auditlog.context import disable_auditlog
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Department, FiscalYear, Organisation, UserProfile
from core.roles import Role
from indicators.framework_loader import FRAMEWORK_DIR, framework_load_file
from indicators.models import Framework, Indicator, Measure, OITItem
from satisfaction.models import QuestionSet

# A real, minimal PDF (one empty page), so upload checks see genuine content.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(
        name_th="เทศบาลตำบลทดสอบ", name_en="Test Subdistrict Municipality", address="ตำบลทดสอบ อำเภอทดสอบ"
    )


@pytest.fixture
def own_department(db) -> Department:
    return Department.objects.create(name_th="สำนักปลัด", name_en="Clerk's Office", order=1)


@pytest.fixture
def other_department(db) -> Department:
    return Department.objects.create(name_th="กองคลัง", name_en="Finance Division", order=2)


def make_user(username: str, role: str | None, department: Department | None) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery-9", first_name=username)
    if role:
        user.groups.add(Group.objects.get(name=role))
    UserProfile.objects.create(user=user, department=department)
    return user


@pytest.fixture
def users(db, own_department, other_department) -> dict[str, User]:
    """One user per role; staff users in the own department except `other_staff`."""
    return {
        "staff": make_user("staff", Role.STAFF, own_department),
        "other_staff": make_user("other_staff", Role.STAFF, other_department),
        "coordinator": make_user("coordinator", Role.COORDINATOR, own_department),
        "executive": make_user("executive", Role.EXECUTIVE, own_department),
        "auditor": make_user("auditor", Role.AUDITOR, own_department),
        "no_role": make_user("no_role", None, own_department),
    }


FY2564 = FRAMEWORK_DIR / "ita-2564.yaml"


def load_fy2564() -> None:
    # Test data, as a fixture would be: nobody changed a record, so nothing goes to the audit log.
    with disable_auditlog():
        framework_load_file(FY2564)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The FY2564 framework is in the test database before any test starts: loading it for each test
    that wants it cost a third of the run. Each test's transaction rolls back to this state."""
    with django_db_blocker.unblock():
        load_fy2564()


@pytest.fixture
def without_framework(db) -> None:
    """The database as the migrations leave it, without the framework the suite starts with: for tests
    of loading a framework or of creating fiscal years. Removed inside the test's transaction."""
    with disable_auditlog():
        Framework.objects.filter(fiscal_year__year=2564).delete()
        QuestionSet.objects.filter(fiscal_year__year=2564).delete()  # the questions a new year is given
        FiscalYear.objects.filter(year=2564).delete()  # and its default deadlines


@pytest.fixture
def fiscal_year(db) -> FiscalYear:
    # A transactional test (transaction=True: the browser and worker tests) empties the database when
    # it ends, so a later one loads the framework again.
    if not Framework.objects.filter(fiscal_year__year=2564).exists():
        load_fy2564()
    return FiscalYear.objects.get(year=2564)


def make_measure(fiscal_year: FiscalYear, department: Department, number: int, **extra) -> Measure:
    indicator = Indicator.objects.get(framework__fiscal_year=fiscal_year, number=extra.pop("indicator", 1))
    defaults = {"text": f"มาตรการทดสอบที่ {number}", "due_date": datetime.date(2021, 9, 30)}
    measure = Measure.objects.create(indicator=indicator, number=number, department=department, **defaults | extra)
    measure.oit_items.set(
        OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year=fiscal_year, code="O16")
    )
    return measure


@pytest.fixture
def measure(fiscal_year, own_department) -> Measure:
    return make_measure(fiscal_year, own_department, 1)


@pytest.fixture
def other_measure(fiscal_year, other_department) -> Measure:
    return make_measure(fiscal_year, other_department, 2)


def admin_staff(user: User) -> User:
    """The user, let into the admin (their role's permissions decide what they see there)."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def admin_action(client, changelist: str, action: str, *objects) -> list[str]:
    """Run an admin action on ``objects`` from their change list; gives the messages it showed."""
    response = client.post(changelist, {"action": action, "_selected_action": [obj.pk for obj in objects]}, follow=True)
    assert response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def pdf_upload(name: str = "report.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def tasks_in_process():
    """Run Celery tasks in the test's own process, even when REDIS_URL points at a real broker."""
    from takbai_ita.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters of the public pages live in the cache, which outlives a test's rollback:
    each test starts with none (tests run on the local-memory cache unless REDIS_URL is set)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def report_through_job(django_capture_on_commit_callbacks, tasks_in_process):
    """Post a report page's form as a user would; the run (run in-process, as without Redis) leads to
    the run page and from there to the PDF download. Gives (pdf bytes, download response, report)."""
    from core.models import Report, ReportRun

    def post_and_download(client, url: str, data: dict) -> tuple[bytes, object, Report]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302
        run = ReportRun.objects.latest("pk")
        assert response["Location"] == f"/reports/runs/{run.pk}/"
        run.refresh_from_db()
        assert run.report is not None, run.error
        job_page = client.get(response["Location"])
        assert job_page.status_code == 200
        assert f'href="/reports/{run.report.pk}/download/"' in job_page.content.decode()
        download = client.get(f"/reports/{run.report.pk}/download/")
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        return b"".join(download.streaming_content), download, run.report

    return post_and_download


@pytest.fixture
def catalogue_samples(users, fiscal_year, measure):
    """One of each object the URL catalogue's addresses take (tests/catalogue.py), and a superuser
    next to the role users."""
    from tests.catalogue import SUPERUSER, make_samples

    superuser = User.objects.create_superuser("root", password="correct-horse-battery-9")
    return make_samples(users | {SUPERUSER: superuser}, fiscal_year, measure)
