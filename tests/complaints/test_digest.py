"""deadline_digest: what the reminder e-mails list for each person."""

import datetime

import pytest

from complaints.selectors import deadline_digest
from core.roles import Role
from tests.conftest import make_user

from .conftest import at, file_complaint, step

MONDAY = datetime.date(2021, 3, 8)


@pytest.fixture
def board(general, corruption, users, corruption_handler, own_department):
    coordinator, staff = users["coordinator"], users["staff"]

    def assigned(category, received, handler, assigner):
        complaint = file_complaint(category, received, department=own_department)
        step(complaint, assigner, "acknowledge", received)
        step(complaint, assigner, "assign", received, department=own_department, handler=handler)
        return complaint

    return {
        # resolve due 15 working days after Fri 12 Feb 2021 = Fri 5 Mar: passed on Monday 8 Mar
        "staff_overdue": assigned(general, at(2021, 2, 12), staff, coordinator),
        # due Wed 10 Mar: within two working days
        "staff_soon": assigned(general, at(2021, 2, 17), staff, coordinator),
        # due 31 Mar: not yet
        "staff_later": assigned(general, at(2021, 3, 10), staff, coordinator),
        # received Thu 4 Mar, not acknowledged: acknowledge due Tue 9 Mar
        "unacknowledged": file_complaint(general, at(2021, 3, 4), department=own_department),
        "corruption_overdue": assigned(corruption, at(2021, 2, 12), corruption_handler, corruption_handler),
        "finished": file_complaint(general, at(2021, 2, 1), department=own_department),
    }


def test_each_handler_gets_their_own_and_coordinators_get_all_they_may_see(board, users, corruption_handler):
    step(board["finished"], users["coordinator"], "acknowledge", at(2021, 2, 2))
    step(board["finished"], users["coordinator"], "resolve", at(2021, 2, 3), public_reply="เสร็จ")
    digest = deadline_digest(MONDAY)
    staff_list = {c.pk for c in digest[users["staff"]].complaints}
    assert staff_list == {board["staff_overdue"].pk, board["staff_soon"].pk}
    near = {board[k].pk for k in ("staff_overdue", "staff_soon", "unacknowledged")}
    assert {c.pk for c in digest[users["coordinator"]].complaints} == near  # no corruption without the permission
    assert {c.pk for c in digest[corruption_handler].complaints} == near | {board["corruption_overdue"].pk}
    assert digest[corruption_handler].total == len(near) + 1
    assert users["other_staff"] not in digest
    assert users["executive"] not in digest


def test_a_corruption_complaint_never_goes_to_a_handler_without_the_permission(board, users, own_department):
    # The handler lost the permission after assignment: the complaint leaves their digest.
    secret = board["corruption_overdue"]
    secret.refresh_from_db()
    assert secret in deadline_digest(MONDAY)[secret.handler].complaints
    secret.handler.user_permissions.clear()
    digest = deadline_digest(MONDAY)
    assert secret.handler not in digest or secret not in digest[secret.handler].complaints
    assert all(secret not in lines.complaints for lines in digest.values())


def test_an_inactive_handler_gets_nothing(board, users):
    users["staff"].is_active = False
    users["staff"].save()
    assert users["staff"] not in deadline_digest(MONDAY)


def test_nothing_near_gives_an_empty_digest(general, users, own_department):
    make_user("lonely", Role.STAFF, own_department)
    file_complaint(general, at(2021, 3, 10), department=own_department)
    assert deadline_digest(datetime.date(2021, 3, 10)) == {}


# --- the digest as a reminder source of the daily run ------------------------


def test_the_daily_run_sends_each_person_one_digest_a_day(board, users, corruption_handler):
    from complaints.reminders import complaint_digest
    from notifications.models import Notification
    from notifications.reminders import reminder_sources, send_reminders

    assert reminder_sources()["complaints"] is complaint_digest
    assert send_reminders("complaints", complaint_digest(MONDAY)) == 3  # staff, coordinator, corruption handler
    assert send_reminders("complaints", complaint_digest(MONDAY)) == 0, "a second run the same day sends nothing"

    staff_digest = Notification.objects.get(source="complaints", recipient=users["staff"])
    assert staff_digest.subject == "เรื่องร้องเรียนใกล้ครบกำหนดหรือเกินกำหนด 2 เรื่อง"
    overdue, soon = board["staff_overdue"], board["staff_soon"]
    assert overdue.tracking_code in staff_digest.body
    assert soon.tracking_code in staff_digest.body
    assert "(เกินกำหนด)" in staff_digest.body.split(overdue.tracking_code)[1].splitlines()[0]
    assert "(เกินกำหนด)" not in staff_digest.body.split(soon.tracking_code)[1].splitlines()[0]
    assert overdue.subject not in staff_digest.body, "the complaint's text stays in the portal"
    secret = board["corruption_overdue"].tracking_code
    assert secret not in Notification.objects.get(source="complaints", recipient=users["coordinator"]).body
    assert secret in Notification.objects.get(source="complaints", recipient=corruption_handler).body

    assert send_reminders("complaints", complaint_digest(MONDAY + datetime.timedelta(days=1))) == 3, "next day: again"


def test_a_backlog_is_counted_in_the_database_and_the_e_mail_lists_the_first(
    general, users, own_department, monkeypatch, django_assert_max_num_queries
):
    from complaints import selectors
    from complaints.reminders import complaint_digest

    monkeypatch.setattr(selectors, "DIGEST_LIMIT", 3)
    backlog = [file_complaint(general, at(2021, 1, day), department=own_department) for day in (4, 5, 6, 7)]
    with django_assert_max_num_queries(20) as few:
        deadline_digest(MONDAY)
    backlog += [file_complaint(general, at(2021, 1, day), department=own_department) for day in range(11, 30)]
    with django_assert_max_num_queries(len(few.captured_queries)):
        digest = deadline_digest(MONDAY)
    lines = digest[users["coordinator"]]
    assert lines.total == len(backlog) == 23
    assert [c.pk for c in lines.complaints] == [c.pk for c in backlog[:3]]  # the earliest deadlines
    (due,) = (d for d in complaint_digest(MONDAY) if d.recipients == [users["coordinator"]])
    assert due.subject == "เรื่องร้องเรียนใกล้ครบกำหนดหรือเกินกำหนด 23 เรื่อง"
    assert due.body.count("\n- ") == 2  # three lines
    assert "และอีก 20 เรื่อง" in due.body
