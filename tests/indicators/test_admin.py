"""The evidence admin keeps the review rules: its state cannot be typed in, and its actions go through the services."""

import datetime

import pytest
from django.utils import translation

from indicators.models import Evidence, ReviewState
from indicators.services import PUBLISH_NEEDS_APPROVAL, evidence_create
from tests.conftest import admin_action, admin_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/indicators/evidence/"


@pytest.fixture
def evidence(users, measure) -> Evidence:
    return evidence_create(
        user=users["staff"],
        measure=measure,
        title="รายงานการประชุม",
        effective_date=datetime.date(2021, 3, 15),
        url="https://example.test/minutes",
    )


def test_posting_the_change_form_changes_no_review_state(client, users, evidence):
    client.force_login(admin_staff(users["coordinator"]))
    # Every field of the model, valid, so that an editable state field would be saved.
    response = client.post(
        f"{CHANGELIST}{evidence.pk}/change/",
        {
            "measure": evidence.measure_id,
            "department": evidence.department_id,
            "title": "แก้ชื่อ",
            "effective_date": "2021-03-15",
            "url": evidence.url,
            "uploaded_by": users["staff"].pk,
            "review_state": ReviewState.APPROVED,
            "review_comment": "ผ่าน",
            "reviewed_by": users["coordinator"].pk,
            "reviewed_at_0": "2021-03-16",
            "reviewed_at_1": "10:00:00",
            "is_published": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    fresh = Evidence.objects.get(pk=evidence.pk)
    assert (fresh.title, fresh.review_state, fresh.is_published, fresh.reviewed_by) == (
        evidence.title,
        ReviewState.SUBMITTED,
        False,
        None,
    )


def test_evidence_is_not_added_in_the_admin(client, users):
    client.force_login(admin_staff(users["coordinator"]))
    assert client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_actions_go_through_the_review_rules(client, users, evidence):
    client.force_login(admin_staff(users["coordinator"]))

    shown = admin_action(client, CHANGELIST, "publish", evidence)
    with translation.override("th"):
        assert shown == [f"{evidence}: {PUBLISH_NEEDS_APPROVAL}"]
    assert not Evidence.objects.get(pk=evidence.pk).is_published

    admin_action(client, CHANGELIST, "approve", evidence)
    approved = Evidence.objects.get(pk=evidence.pk)
    assert approved.review_state == ReviewState.APPROVED
    assert approved.reviewed_by == users["coordinator"]
    assert approved.reviewed_at is not None

    admin_action(client, CHANGELIST, "publish", evidence)
    assert Evidence.objects.get(pk=evidence.pk).is_published
    admin_action(client, CHANGELIST, "unpublish", evidence)
    assert not Evidence.objects.get(pk=evidence.pk).is_published


def test_the_actions_are_offered_only_to_reviewers_and_publishers(client, users, evidence):
    client.force_login(admin_staff(users["staff"]))
    assert client.get(CHANGELIST).context["action_form"] is None  # staff may neither review, publish nor delete

    admin_action(client, CHANGELIST, "approve", evidence)
    assert Evidence.objects.get(pk=evidence.pk).review_state == ReviewState.SUBMITTED
