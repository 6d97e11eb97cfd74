"""manage.py load_demo: the Tak Bai FY2564 announcement as data, safe to run twice."""

import io

import pytest
import yaml
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count

from core.management.commands.load_demo import DEFAULT_FILE
from core.models import Department, Organisation
from indicators.models import Evidence, EvidenceRevision, Measure

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "coordinator": ("coordinator", "สำนักปลัดเทศบาล"),
    "staff": ("staff", "สำนักปลัดเทศบาล"),
    "finance": ("staff", "กองคลัง"),
    "executive": ("executive", "สำนักปลัดเทศบาล"),
    "auditor": ("auditor", "สำนักปลัดเทศบาล"),
}
DEPARTMENTS = {
    "สำนักปลัดเทศบาล",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสาธารณสุขและสิ่งแวดล้อม",
}


def _load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo_loaded():
    _load("--users")


def _fy2564_measures():
    return Measure.objects.filter(indicator__framework__fiscal_year__year=2564)


@pytest.mark.usefixtures("demo_loaded")
def test_every_announced_measure_is_there_per_indicator():
    per_indicator = dict(
        _fy2564_measures().values("indicator__number").annotate(n=Count("pk")).values_list("indicator__number", "n")
    )
    assert per_indicator == {1: 5, 2: 5, 3: 8, 4: 4, 5: 6, 6: 4, 7: 3, 8: 6}


@pytest.mark.usefixtures("demo_loaded")
def test_indicator_8_keeps_the_announcements_numbering():
    numbers = list(_fy2564_measures().filter(indicator__number=8).order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 6, 7]


@pytest.mark.usefixtures("demo_loaded")
def test_measure_5_5_keeps_its_three_sub_points():
    measure = _fy2564_measures().get(indicator__number=5, number=5)
    assert len(measure.sub_points) == 3
    assert measure.sub_points[0].startswith("๑) จัดให้มีหน่วยงานตรวจสอบภายใน")
    assert measure.sub_points[2] == "๓) เผยแพร่ผลการตรวจสอบภายในให้บุคลากรและประชาชนทราบ"


@pytest.mark.usefixtures("demo_loaded")
def test_the_organisation_departments_and_users_with_their_roles_exist():
    organisation = Organisation.objects.get()
    assert organisation.name_th == yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))["organisation"]["name_th"]
    assert set(Department.objects.values_list("name_th", flat=True)) == DEPARTMENTS
    assert set(User.objects.values_list("username", flat=True)) == set(DEMO_USERS)
    for username, (role, department) in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role], username
        assert user.profile.department.name_th == department, username
        assert user.has_usable_password()
    assert User.objects.get(username="coordinator").has_perm("indicators.review_evidence")
    assert not User.objects.get(username="staff").has_perm("indicators.review_evidence")


@pytest.mark.usefixtures("demo_loaded")
def test_demo_evidence_is_loaded_in_each_review_state():
    states = dict(Evidence.objects.values("review_state").annotate(n=Count("pk")).values_list("review_state", "n"))
    assert states == {"approved": 4, "submitted": 1, "returned": 1}
    assert Evidence.objects.filter(is_published=True).count() == 3
    assert all(evidence.sha256 and evidence.file for evidence in Evidence.objects.all())


def test_loading_the_demo_a_second_time_changes_nothing():
    _load("--users")
    counts = _row_counts()
    assert counts[Measure._meta.label] == 41
    assert counts[Evidence._meta.label] == 6
    log_entries = LogEntry.objects.count()
    hashes = dict(User.objects.values_list("username", "password"))
    evidence = list(Evidence.objects.order_by("pk").values_list())

    output = _load("--users")

    assert "measures: 0 created, 41 already there" in output
    assert _row_counts() == counts
    assert LogEntry.objects.count() == log_entries
    assert EvidenceRevision.objects.count() == 0
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert list(Evidence.objects.order_by("pk").values_list()) == evidence


def test_without_users_and_debug_off_no_user_is_created(settings):
    settings.DEBUG = False

    output = _load()

    assert not User.objects.exists()
    assert "demo users not created" in output
    # The rest of the demo (which needs no account) is there.
    assert Organisation.objects.exists()
    assert Department.objects.count() == 5
    assert _fy2564_measures().count() == 41
