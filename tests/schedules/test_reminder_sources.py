"""The two first reminder sources: ITA calendar deadlines and measure due dates, in-process."""

import datetime

import pytest
from django.core import mail

from indicators.models import Evidence, ReviewState
from notifications.models import DeliveryState, Notification
from notifications.reminders import run_reminder_sources
from schedules.models import Deadline, DeadlineKind
from schedules.services import deadline_mark_done, deadline_reopen
from tests.conftest import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(users):
    for user in users.values():
        user.email = f"{user.username}@example.test"
        user.save()
    return users


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_on(day: datetime.date) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return run_reminder_sources(day)

    return run_on


@pytest.fixture
def twelve_months(fiscal_year, people) -> Deadline:
    deadline = Deadline.objects.get(fiscal_year=fiscal_year, kind=DeadlineKind.EPLAN_12_MONTHS)
    deadline.responsible.set([people["staff"]])
    return deadline


def _keys(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def test_fy2564_12_month_report_is_reminded_in_the_next_fiscal_year(run, twelve_months, people):
    staff = people["staff"]
    run(datetime.date(2021, 9, 30))  # 31 days before 31 October: nothing yet for it
    assert not any(key.startswith(f"deadline:{twelve_months.pk}:") for key in _keys(staff))
    for day in (datetime.date(2021, 10, 1), datetime.date(2021, 10, 2), datetime.date(2021, 10, 17)):
        run(day)  # FY2565 has begun; the reminder is about FY2564's report
    stages = [key.split(":")[3] for key in _keys(staff) if key.startswith(f"deadline:{twelve_months.pk}:")]
    assert stages == ["d-14", "d-30"]
    subjects = [m.subject for m in mail.outbox if m.to == [staff.email] and twelve_months.title in m.subject]
    assert len(subjects) == 2
    assert any("30" in subject for subject in subjects)  # "due in 30 days" on 1 October


def test_marking_done_stops_the_reminders_and_cancels_unsent_ones(run, twelve_months, people):
    staff = people["staff"]
    run(datetime.date(2021, 10, 24))  # d-7
    waiting = Notification.objects.create(
        key="waiting", source="deadlines", recipient=staff, subject="x", target=twelve_months
    )
    deadline_mark_done(user=staff, deadline=twelve_months, proof_url="https://eplan.example.test/confirm")
    waiting.refresh_from_db()
    assert waiting.state == DeliveryState.CANCELLED

    reminded = set(Notification.objects.filter(source="deadlines", object_id=twelve_months.pk).values_list("key"))
    assert reminded  # the d-7 reminder went out before
    for day in (datetime.date(2021, 10, 30), datetime.date(2021, 11, 1), datetime.date(2021, 11, 8)):
        run(day)
    after = set(Notification.objects.filter(source="deadlines", object_id=twelve_months.pk).values_list("key"))
    assert after == reminded  # no d-1, no overdue once done

    deadline_reopen(user=people["coordinator"], deadline=twelve_months)
    run(datetime.date(2021, 11, 8))
    assert Notification.objects.filter(
        source="deadlines", object_id=twelve_months.pk, key__contains=":overdue-8:"
    ).exists()


def test_a_deadline_nobody_owns_goes_to_the_coordinators(run, fiscal_year, people):
    oit = Deadline.objects.get(fiscal_year=fiscal_year, kind=DeadlineKind.OIT_SUBMISSION)
    run(datetime.date(2021, 4, 29))
    assert Notification.objects.filter(object_id=oit.pk, source="deadlines", recipient=people["coordinator"]).exists()
    assert (
        not Notification.objects.filter(object_id=oit.pk, source="deadlines")
        .exclude(recipient=people["coordinator"])
        .exists()
    )


@pytest.fixture
def due_measure(fiscal_year, own_department, people):
    return make_measure(
        fiscal_year, own_department, 5, due_date=datetime.date(2021, 6, 30), responsible=people["staff"]
    )


def test_measure_reminders_14_7_1_days_before_and_overdue(run, due_measure, people):
    for day in (15, 16, 23, 24, 29, 30):
        run(datetime.date(2021, 6, day))
    run(datetime.date(2021, 7, 1))
    run(datetime.date(2021, 7, 8))
    stages = [key.split(":")[3] for key in _keys(people["staff"]) if key.startswith(f"measure:{due_measure.pk}:")]
    assert sorted(stages) == sorted(["d-14", "d-7", "d-1", "overdue-1", "overdue-8"])
    measure_mails = [m for m in mail.outbox if f"/measures/{due_measure.pk}/" in m.body]
    assert len(measure_mails) == 5


def test_approved_evidence_stops_measure_reminders(run, due_measure, people):
    run(datetime.date(2021, 6, 16))
    Evidence.objects.create(
        measure=due_measure,
        department=due_measure.department,
        title="รายงาน",
        effective_date=datetime.date(2021, 6, 20),
        url="https://example.test/report",
        review_state=ReviewState.APPROVED,
    )
    run(datetime.date(2021, 6, 29))
    run(datetime.date(2021, 7, 1))
    assert [key.split(":")[3] for key in _keys(people["staff"]) if key.startswith("measure:")] == ["d-14"]


def test_reassigning_a_measure_moves_its_reminders(run, due_measure, people):
    old, new = people["staff"], people["coordinator"]
    run(datetime.date(2021, 6, 23))  # d-7 to the old person
    due_measure.responsible = new
    due_measure.save()
    run(datetime.date(2021, 6, 23))  # the same day again: d-7 now to the new person
    run(datetime.date(2021, 6, 29))  # d-1 only to the new person

    def stages(user):
        return [key.split(":")[3] for key in _keys(user) if key.startswith(f"measure:{due_measure.pk}:")]

    assert stages(old) == ["d-7"]
    assert sorted(stages(new)) == ["d-1", "d-7"]
