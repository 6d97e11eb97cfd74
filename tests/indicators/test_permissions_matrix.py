"""Who may open which page: every role against every indicators view.

Expected codes: 200 shown, 302 (to the log-in page for visitors; after a
successful POST for users), 403 (a role without the permission), 404 (a
record of another department, or one the user may not see at all: no hint
that it exists).
"""

import datetime

import pytest

from indicators.models import Evidence, EvidenceRevision
from indicators.services import evidence_approve, evidence_create, evidence_replace_file, evidence_set_published
from tests.conftest import PDF_BYTES, pdf_upload

ROLES = ["anonymous", "staff", "other_staff", "coordinator", "executive", "auditor", "no_role"]
LOGIN = "/accounts/login/"
SECRET_PDF = PDF_BYTES.replace(b"0 0 595 842", b"0 0 612 792")  # the unpublished file's bytes


@pytest.fixture
def world(measure, users):
    """Own-department evidence: one unpublished with an earlier file, one approved and published."""
    staff, coordinator = users["staff"], users["coordinator"]
    day = datetime.date(2021, 3, 1)
    draft = evidence_create(
        user=staff,
        measure=measure,
        oit_item=measure.oit_items.get(),
        title="ร่างยังไม่เผยแพร่",
        effective_date=day,
        upload=pdf_upload(),
    )
    evidence_replace_file(user=staff, evidence=draft, upload=pdf_upload("v2.pdf", SECRET_PDF))
    public = evidence_create(user=staff, measure=measure, title="เผยแพร่แล้ว", effective_date=day, upload=pdf_upload())
    evidence_approve(user=coordinator, evidence=public)
    evidence_set_published(user=coordinator, evidence=public, published=True)
    return {
        "measure": measure,
        "draft": draft,
        "revision": EvidenceRevision.objects.get(evidence=draft),
        "public": public,
    }


def _client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _evidence_post():
    return {"title": "หลักฐานใหม่", "description": "", "effective_date": "2021-03-02", "file": pdf_upload(), "url": ""}


# view name -> (method, url template, data factory or None)
VIEWS = {
    "measure_list": ("get", "/measures/", None),
    "my_measures": ("get", "/measures/mine/", None),
    "measure_detail": ("get", "/measures/{measure}/", None),
    "evidence_create_get": ("get", "/measures/{measure}/evidence/new/", None),
    "evidence_create_post": ("post", "/measures/{measure}/evidence/new/", _evidence_post),
    "evidence_detail": ("get", "/evidence/{draft}/", None),
    "evidence_edit": ("get", "/evidence/{draft}/edit/", None),
    "evidence_replace": ("get", "/evidence/{draft}/replace/", None),
    "evidence_file_unpublished": ("get", "/evidence/{draft}/file/", None),
    "revision_file": ("get", "/evidence/revisions/{revision}/file/", None),
    "evidence_file_published": ("get", "/evidence/{public}/file/", None),
    "review_queue": ("get", "/review/", None),
    "review_post": ("post", "/evidence/{draft}/review/", lambda: {"decision": "approve"}),
    "publish_post": ("post", "/evidence/{public}/publish/", lambda: {"published": "0"}),
    "oit_checklist": ("get", "/oit/", None),
    "measure_create": ("get", "/measures/new/", None),
    "measure_edit": ("get", "/measures/{measure}/edit/", None),
    "o43_report_form": ("get", "/reports/o43/", None),
    "public_oit": ("get", "/public/oit/2564/", None),
}

L = "login"  # 302 to the log-in page
#                              anonymous staff other_staff coordinator executive auditor no_role
EXPECTED = {
    "measure_list":               (L, 200, 200, 200, 200, 200, 200),
    "my_measures":                (L, 200, 200, 200, 200, 200, 200),
    "measure_detail":             (L, 200, 404, 200, 200, 200, 404),
    "evidence_create_get":        (L, 200, 404, 200, 403, 403, 404),
    "evidence_create_post":       (L, 302, 404, 302, 403, 403, 404),
    "evidence_detail":            (L, 200, 404, 200, 200, 200, 404),
    "evidence_edit":              (L, 200, 404, 200, 403, 403, 404),
    "evidence_replace":           (L, 200, 404, 200, 403, 403, 404),
    "evidence_file_unpublished":  (404, 200, 404, 200, 200, 200, 404),
    "revision_file":              (L, 200, 404, 200, 200, 200, 404),
    "evidence_file_published":    (200, 200, 200, 200, 200, 200, 200),
    "review_queue":               (L, 403, 403, 200, 403, 403, 403),
    "review_post":                (L, 403, 403, 302, 403, 403, 403),
    "publish_post":               (L, 403, 403, 302, 403, 403, 403),
    "oit_checklist":              (L, 200, 200, 200, 200, 200, 200),
    "measure_create":             (L, 403, 403, 200, 403, 403, 403),
    "measure_edit":               (L, 403, 403, 200, 403, 403, 403),
    "o43_report_form":            (L, 403, 403, 200, 200, 200, 403),
    "public_oit":                 (200, 200, 200, 200, 200, 200, 200),
}  # fmt: skip

CASES = [(view, role, EXPECTED[view][i]) for view in VIEWS for i, role in enumerate(ROLES)]


def test_the_matrix_covers_every_view():
    assert set(EXPECTED) == set(VIEWS)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize(("view", "role", "expected"), CASES, ids=[f"{v}-{r}" for v, r, _ in CASES])
def test_access(client, users, world, view, role, expected):
    method, template, data = VIEWS[view]
    url = template.format(**{key: obj.pk for key, obj in world.items()})
    client = _client_for(client, users, role)
    evidence_before = Evidence.objects.count()
    state_before = list(Evidence.objects.order_by("pk").values_list("review_state", "is_published"))

    response = getattr(client, method)(url, data() if data else None)

    if expected == L:
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(f"{LOGIN}?next=")
    else:
        assert response.status_code == expected
    if expected != 302 or method == "get":
        # A refused request (or a GET) changes nothing.
        assert Evidence.objects.count() == evidence_before
        assert list(Evidence.objects.order_by("pk").values_list("review_state", "is_published")) == state_before
    if view == "evidence_create_post" and expected == 302:
        assert Evidence.objects.count() == evidence_before + 1
    if response.status_code != 200 and hasattr(response, "streaming_content"):
        pytest.fail("a refused file request must not stream the file")


@pytest.mark.parametrize("role", ROLES)
def test_an_unpublished_file_is_only_streamed_to_those_who_may_see_it(client, users, world, role):
    response = _client_for(client, users, role).get(f"/evidence/{world['draft'].pk}/file/")
    may_see = role in {"staff", "coordinator", "executive", "auditor"}
    if may_see:
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == SECRET_PDF
        assert response["Content-Security-Policy"] == "sandbox"
    else:
        assert response.status_code == 404
        assert not hasattr(response, "streaming_content")
        assert SECRET_PDF not in response.content


def test_the_published_file_is_streamed_to_a_visitor(client, world):
    response = client.get(f"/evidence/{world['public'].pk}/file/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_unpublishing_closes_the_file_to_visitors(client, users, world):
    evidence_set_published(user=users["coordinator"], evidence=world["public"], published=False)
    assert client.get(f"/evidence/{world['public'].pk}/file/").status_code == 404


def test_a_revision_of_published_evidence_stays_private(client, users, world):
    """The revision of a published piece of evidence is not public: its permission is the evidence's view rule."""
    public = world["public"]
    evidence_replace_file(user=users["staff"], evidence=public, upload=pdf_upload("v2.pdf", SECRET_PDF))
    evidence_approve(user=users["coordinator"], evidence=public)
    evidence_set_published(user=users["coordinator"], evidence=public, published=True)
    revision = public.revisions.get()

    assert client.get(f"/evidence/revisions/{revision.pk}/file/").status_code == 302
    client.force_login(users["other_staff"])
    assert client.get(f"/evidence/revisions/{revision.pk}/file/").status_code == 404
    client.force_login(users["staff"])
    response = client.get(f"/evidence/revisions/{revision.pk}/file/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_lists_show_other_departments_work_only_to_roles_that_see_everything(client, users, world, other_measure):
    for role, sees_other in [("staff", False), ("other_staff", True), ("executive", True), ("no_role", False)]:
        client.force_login(users[role])
        page = client.get("/measures/").content.decode()
        assert (other_measure.text in page) is sees_other, role
        sees_own = role in {"staff", "executive"}
        assert (world["measure"].text in page) is sees_own, role


def test_no_role_sees_no_evidence_on_the_oit_checklist(client, users, world):
    client.force_login(users["no_role"])
    page = client.get("/oit/").content.decode()
    assert world["draft"].title not in page
