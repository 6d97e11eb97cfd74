"""The deadline admin cannot mark a deadline done or change its proof (the calendar page does, checking the
proof); a done mark is taken back by an action that calls the service. A calendar feed keeps its owner."""

import pytest
from django.utils import translation

from schedules.models import CalendarFeed, Deadline, DeadlineKind
from schedules.services import calendar_feed_reset, deadline_mark_done
from tests.conftest import admin_action, admin_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/schedules/deadline/"


@pytest.fixture
def deadline(fiscal_year) -> Deadline:
    return Deadline.objects.get(fiscal_year=fiscal_year, kind=DeadlineKind.EPLAN_6_MONTHS)


def test_posting_the_change_form_marks_nothing_done(client, users, deadline):
    client.force_login(admin_staff(users["coordinator"]))
    # Every field of the model, valid, so that an editable done mark would be saved.
    response = client.post(
        f"{CHANGELIST}{deadline.pk}/change/",
        {
            "fiscal_year": deadline.fiscal_year_id,
            "kind": deadline.kind,
            "title": "รายงาน 6 เดือน (แก้ไข)",
            "description": deadline.description,
            "starts_on": deadline.starts_on.isoformat() if deadline.starts_on else "",
            "due_on": deadline.due_on.isoformat(),
            "done_at_0": "2021-04-01",
            "done_at_1": "09:00:00",
            "done_by": users["coordinator"].pk,
            "proof_url": "https://example.test/proof",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    fresh = Deadline.objects.get(pk=deadline.pk)
    assert fresh.title == "รายงาน 6 เดือน (แก้ไข)"  # what the coordinator plans stays editable
    assert (fresh.done_at, fresh.done_by, fresh.proof_url) == (None, None, "")


def test_reopening_goes_through_the_service(client, users, deadline):
    deadline_mark_done(user=users["coordinator"], deadline=deadline, proof_url="https://example.test/proof")
    client.force_login(admin_staff(users["coordinator"]))
    with translation.override("th"):
        assert admin_action(client, CHANGELIST, "reopen", deadline) == ["ดำเนินการแล้ว 1 รายการ"]
    fresh = Deadline.objects.get(pk=deadline.pk)
    assert (fresh.done_at, fresh.done_by) == (None, None)


def test_reopening_is_offered_only_to_who_may_mark_any_deadline_done(client, users, deadline):
    deadline_mark_done(user=users["coordinator"], deadline=deadline, proof_url="https://example.test/proof")
    client.force_login(admin_staff(users["staff"]))  # sees the calendar, may mark only their own deadlines
    admin_action(client, CHANGELIST, "reopen", deadline)
    assert Deadline.objects.get(pk=deadline.pk).done_at is not None


def test_a_calendar_feed_keeps_its_owner(admin_client, users):
    feed = calendar_feed_reset(users["staff"])
    response = admin_client.post(
        f"/admin/schedules/calendarfeed/{feed.pk}/change/", {"user": users["coordinator"].pk, "_save": "Save"}
    )
    assert response.status_code == 302
    assert CalendarFeed.objects.get(pk=feed.pk).user == users["staff"]
    assert admin_client.get("/admin/schedules/calendarfeed/add/").status_code == 403
