"""The ITA calendar pages: who sees and edits what, marking done with proof, bad input, the iCalendar feed."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from icalendar import Calendar

from core.uploads import FILE_TYPE_REFUSED
from schedules.forms import STARTS_AFTER_DUE
from schedules.models import CalendarFeed, Deadline, DeadlineKind
from schedules.services import PROOF_REQUIRED, calendar_feed_reset, deadline_mark_done
from tests.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def shown(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return escape(str(message))


@pytest.fixture
def six_months(fiscal_year, users) -> Deadline:
    deadline = Deadline.objects.get(fiscal_year=fiscal_year, kind=DeadlineKind.EPLAN_6_MONTHS)
    deadline.responsible.set([users["staff"]])
    return deadline


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 200), ("coordinator", 200), ("executive", 200), ("auditor", 200), ("no_role", 403)],
)
def test_every_role_sees_the_calendar(client, users, six_months, role, status):
    client.force_login(users[role])
    response = client.get("/calendar/?year=2564")
    assert response.status_code == status
    if status == 200:
        assert six_months.title in response.content.decode()


def test_visitors_are_sent_to_log_in(client, six_months):
    response = client.get("/calendar/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_the_coordinator_edits_deadlines(client, users, six_months, fiscal_year):
    data = {
        "fiscal_year": fiscal_year.pk,
        "title": "ประชุมชี้แจง ITA",
        "starts_on": "",
        "due_on": "2021-05-15",
        "responsible": [users["staff"].pk],
    }
    client.force_login(users["staff"])
    assert client.post("/calendar/new/", data).status_code == 403
    assert client.get(f"/calendar/{six_months.pk}/edit/").status_code == 403

    client.force_login(users["coordinator"])
    response = client.post("/calendar/new/", data)
    assert response.status_code == 302
    created = Deadline.objects.get(title="ประชุมชี้แจง ITA")
    assert (created.kind, created.due_on) == (DeadlineKind.OTHER, datetime.date(2021, 5, 15))
    assert list(created.responsible.all()) == [users["staff"]]


def test_a_window_opening_after_its_due_date_is_refused_and_the_input_kept(client, users, six_months):
    client.force_login(users["coordinator"])
    response = client.post(
        f"/calendar/{six_months.pk}/edit/",
        {
            "fiscal_year": six_months.fiscal_year_id,
            "title": "ชื่อใหม่ที่พิมพ์ไว้",
            "starts_on": "2021-05-01",
            "due_on": "2021-04-30",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert shown(STARTS_AFTER_DUE) in page
    assert "ชื่อใหม่ที่พิมพ์ไว้" in page
    six_months.refresh_from_db()
    assert six_months.title != "ชื่อใหม่ที่พิมพ์ไว้"


def test_a_due_date_far_from_the_deadlines_year_is_refused_naming_what_was_read(client, users, six_months):
    client.force_login(users["coordinator"])
    before = (six_months.title, six_months.due_on)
    response = client.post(
        f"/calendar/{six_months.pk}/edit/",
        {"fiscal_year": six_months.fiscal_year_id, "title": "ชื่อใหม่", "starts_on": "", "due_on": "31/03/2600"},
    )
    page = response.content.decode()
    assert "อ่านได้เป็น 31 มีนาคม 2600 — ตรวจสอบปี พ.ศ." in page
    assert "1 ตุลาคม 2562" in page  # FY2564 with a year either side
    six_months.refresh_from_db()
    assert (six_months.title, six_months.due_on) == before

    response = client.post(
        f"/calendar/{six_months.pk}/edit/",
        {"fiscal_year": six_months.fiscal_year_id, "title": "ชื่อใหม่", "starts_on": "", "due_on": "31/03/2564"},
    )
    assert response.status_code == 302
    six_months.refresh_from_db()
    assert six_months.due_on == datetime.date(2021, 3, 31)
    edit = client.get(f"/calendar/{six_months.pk}/edit/").content.decode()
    assert 'value="31/03/2564"' in edit


def test_the_responsible_person_marks_it_done_with_a_file(client, users, six_months, settings):
    client.force_login(users["staff"])
    response = client.post(f"/calendar/{six_months.pk}/done/", {"proof_file": pdf_upload("eplan.pdf")})
    assert response.status_code == 302
    six_months.refresh_from_db()
    assert six_months.done_by == users["staff"]
    assert six_months.done_at is not None
    download = client.get(f"/calendar/{six_months.pk}/proof/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_marking_done_needs_proof_and_refuses_a_disguised_file(client, users, six_months):
    client.force_login(users["staff"])
    response = client.post(f"/calendar/{six_months.pk}/done/", {"proof_url": ""})
    assert response.status_code == 200
    assert shown(PROOF_REQUIRED) in response.content.decode()

    fake = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00not a pdf at all", content_type="application/pdf")
    response = client.post(f"/calendar/{six_months.pk}/done/", {"proof_file": fake})
    assert response.status_code == 200
    assert shown(FILE_TYPE_REFUSED) in response.content.decode()

    response = client.post(f"/calendar/{six_months.pk}/done/", {"proof_url": "javascript:alert(1)"})
    assert response.status_code == 200
    six_months.refresh_from_db()
    assert six_months.done_at is None


def test_someone_not_responsible_cannot_mark_it_done_but_the_coordinator_can(client, users, six_months):
    client.force_login(users["other_staff"])
    assert client.post(f"/calendar/{six_months.pk}/done/", {"proof_url": "https://x.test/"}).status_code == 403
    client.force_login(users["coordinator"])
    assert client.post(f"/calendar/{six_months.pk}/done/", {"proof_url": "https://x.test/"}).status_code == 302
    client.force_login(users["staff"])
    assert client.post(f"/calendar/{six_months.pk}/reopen/").status_code == 403
    client.force_login(users["coordinator"])
    assert client.post(f"/calendar/{six_months.pk}/reopen/").status_code == 302
    six_months.refresh_from_db()
    assert six_months.done_at is None


def test_the_ical_feed_by_secret_address(client, users, six_months):
    client.force_login(users["staff"])
    client.post("/calendar/subscription/reset/")
    feed = CalendarFeed.objects.get(user=users["staff"])
    assert f"/calendar/feed/{feed.token}.ics" in client.get("/calendar/").content.decode()
    client.logout()

    response = client.get(f"/calendar/feed/{feed.token}.ics")  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    event = events[f"deadline-{six_months.pk}@127.0.0.1"]
    assert str(event["summary"]) == six_months.title
    assert event.decoded("dtstart") == datetime.date(2021, 4, 30)
    assert event.decoded("dtend") == datetime.date(2021, 5, 1)
    assert len(events) == 3


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("th", "โปรดแนบลิงก์หรือไฟล์ที่แสดงว่าดำเนินการทันกำหนดแล้ว"),
        ("en", "Give a link or a file that shows the deadline was met."),
    ],
)
def test_the_missing_proof_message_is_in_the_language_of_the_moment(users, six_months, language, expected):
    # Translated when it is shown, not when the module was imported (in whichever language that was).
    with translation.override(language):
        with pytest.raises(ValidationError) as raised:
            deadline_mark_done(user=users["staff"], deadline=six_months)
        assert [str(message) for message in raised.value.messages] == [expected]


def test_a_reset_or_unknown_token_or_a_deactivated_user_gets_nothing(client, users, six_months):
    old = calendar_feed_reset(users["staff"]).token
    client.force_login(users["staff"])
    client.post("/calendar/subscription/reset/")
    client.logout()
    assert client.get(f"/calendar/feed/{old}.ics").status_code == 404
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404

    new = CalendarFeed.objects.get(user=users["staff"]).token
    users["staff"].is_active = False
    users["staff"].save()
    assert client.get(f"/calendar/feed/{new}.ics").status_code == 404
    no_role_token = calendar_feed_reset(users["no_role"]).token
    assert client.get(f"/calendar/feed/{no_role_token}.ics").status_code == 404


def test_the_calendar_page_costs_the_same_queries_with_more_deadlines(client, users, six_months, fiscal_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["staff"])
    client.get("/calendar/?year=2564")  # the organisation's profile is cached by the first page: not measured
    with CaptureQueriesContext(connection) as few:
        client.get("/calendar/?year=2564")
    for n in range(5):
        extra = Deadline.objects.create(fiscal_year=fiscal_year, title=f"งาน {n}", due_on=datetime.date(2021, 6, n + 1))
        extra.responsible.set([users["staff"], users["coordinator"]])
    with CaptureQueriesContext(connection) as many:
        page = client.get("/calendar/?year=2564").content.decode()
    assert page.count("/done/") == 6  # staff is responsible for the six-month report and the five new ones
    assert len(many) == len(few)


@pytest.mark.parametrize(("role", "status"), [("coordinator", 200), ("executive", 403)])
def test_the_coordinator_edits_the_schedules_in_the_admin(client, users, role, status):
    user = users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/django_celery_beat/periodictask/").status_code == status
    if status == 200:
        assert "Semiannual round reports" in client.get("/admin/django_celery_beat/periodictask/").content.decode()
