"""Who may generate a round report: generating attaches it as evidence, so it takes the permission
the report names; executives and auditors download what the archive holds."""

import pytest
from django.core.exceptions import PermissionDenied

from core.models import Report, ReportRun
from core.report_runs import request_report
from core.round_reports import round_report
from indicators.models import Evidence, ReviewState
from indicators.services import evidence_approve, evidence_set_published

GENERATE = {
    "o43": {"coordinator"},
    "o16": {"coordinator"},
    "o31": {"coordinator"},
    "evidence_index": {"coordinator", "executive", "auditor"},
}
ROLES = ["coordinator", "executive", "auditor", "staff"]


@pytest.fixture
def coordinated(organisation, own_department):
    organisation.coordinating_department = own_department
    organisation.save()
    return organisation


def test_each_report_names_the_permission_that_generates_it():
    assert {kind: round_report(kind).permission for kind in GENERATE} == {
        "o43": "indicators.review_evidence",
        "o16": "satisfaction.change_recommendation",
        "o31": "complaints.coordinate_complaints",
        "evidence_index": "core.view_report",
    }


@pytest.mark.parametrize("kind", GENERATE)
@pytest.mark.parametrize("role", ROLES)
def test_the_service_refuses_whoever_may_not_generate_that_kind(fiscal_year, users, kind, role):
    if role in GENERATE[kind]:
        assert request_report(kind=kind, fiscal_year=fiscal_year, round_="h1", user=users[role]).pk
    else:
        with pytest.raises(PermissionDenied):
            request_report(kind=kind, fiscal_year=fiscal_year, round_="h1", user=users[role])
        assert not ReportRun.objects.exists()


def test_the_schedule_may_generate_every_kind(fiscal_year):
    for kind in GENERATE:
        assert request_report(kind=kind, fiscal_year=fiscal_year, round_="full", user=None).requested_by is None


@pytest.mark.parametrize("role", ["coordinator", "executive", "auditor"])
def test_the_archive_offers_only_the_kinds_the_user_may_generate(client, fiscal_year, users, role):
    client.force_login(users[role])
    form = client.get("/reports/").context["request_form"]
    offered = {kind for kind, _label in form.fields["kind"].choices}
    assert offered >= {kind for kind in GENERATE if role in GENERATE[kind]}
    assert not offered & {kind for kind in GENERATE if role not in GENERATE[kind]}


@pytest.fixture
def published_o43_evidence(coordinated, fiscal_year, users, django_capture_on_commit_callbacks):
    """The coordinator generated O43, approved and published it: it is on the public OIT page."""
    with django_capture_on_commit_callbacks(execute=True):
        request_report(kind="o43", fiscal_year=fiscal_year, round_="h1", user=users["coordinator"])
    evidence = Evidence.objects.get(report__kind="o43")
    evidence_approve(user=users["coordinator"], evidence=evidence)
    evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)
    return evidence


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_an_auditor_cannot_take_published_evidence_off_the_oit_page(
    client, users, published_o43_evidence, role, django_capture_on_commit_callbacks
):
    client.force_login(users[role])
    with django_capture_on_commit_callbacks(execute=True):
        archive_post = client.post("/reports/request/", {"kind": "o43", "fiscal_year": "2564", "round": "h1"})
        o43_post = client.post("/reports/o43/", {"year": "2564", "round": "h1"})
    assert archive_post.status_code == 400
    assert o43_post.status_code == 403
    assert Report.objects.filter(kind="o43").count() == 1
    published_o43_evidence.refresh_from_db()
    assert published_o43_evidence.review_state == ReviewState.APPROVED
    assert published_o43_evidence.is_published


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_the_o43_page_offers_readers_the_archived_copies_instead_of_the_form(
    client, users, published_o43_evidence, role
):
    report = Report.objects.get(kind="o43")
    client.force_login(users[role])
    response = client.get("/reports/o43/", {"year": "2564"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="round"' not in page
    assert f'href="/reports/{report.pk}/download/"' in page
    assert client.get(f"/reports/{report.pk}/download/").status_code == 200


def test_the_coordinator_sees_the_form_and_the_archived_copies(client, users, published_o43_evidence):
    report = Report.objects.get(kind="o43")
    client.force_login(users["coordinator"])
    page = client.get("/reports/o43/", {"year": "2564"}).content.decode()
    assert 'name="round"' in page
    assert f'href="/reports/{report.pk}/download/"' in page
