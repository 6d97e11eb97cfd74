"""The two first reminder sources: ITA calendar deadlines and measure due dates, in-process."""

import datetime

import pytest
from django.core import mail

from core.models import FiscalYear
from indicators.models import Evidence, ReviewState
from notifications.models import DeliveryState, Notification
from notifications.reminders import run_reminder_sources
from notifications.tasks import deliver_notification
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


def _waiting(staff, target, due_date, source) -> Notification:
    """A reminder whose e-mail has not gone yet (the mail server was down)."""
    return Notification.objects.create(
        key=f"waiting:{source}:{staff.pk}:{due_date}",
        source=source,
        recipient=staff,
        subject="x",
        target=target,
        due_date=due_date,
    )


def _deliver(notification: Notification) -> Notification:
    deliver_notification.apply(args=[notification.pk])
    notification.refresh_from_db()
    return notification


def test_marking_done_stops_the_reminders_and_cancels_unsent_ones(run, twelve_months, people):
    staff = people["staff"]
    run(datetime.date(2021, 10, 24))  # d-7
    waiting = _waiting(staff, twelve_months, twelve_months.due_on, "deadlines")
    deadline_mark_done(user=staff, deadline=twelve_months, proof_url="https://eplan.example.test/confirm")
    sent_before = len(mail.outbox)
    assert _deliver(waiting).state == DeliveryState.CANCELLED
    assert len(mail.outbox) == sent_before

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


def test_an_unsent_deadline_reminder_goes_only_to_whom_it_still_concerns(twelve_months, people):
    staff, other = people["staff"], people["other_staff"]
    waiting = _waiting(staff, twelve_months, twelve_months.due_on, "deadlines")
    twelve_months.responsible.set([other])  # given to someone else while the e-mail waited
    assert _deliver(waiting).state == DeliveryState.CANCELLED

    moved = _waiting(other, twelve_months, datetime.date(2021, 10, 15), "deadlines")  # for the old date
    assert _deliver(moved).state == DeliveryState.CANCELLED
    current = Notification.objects.create(
        key="current",
        source="deadlines",
        recipient=other,
        subject="x",
        target=twelve_months,
        due_date=twelve_months.due_on,
    )
    assert _deliver(current).state == DeliveryState.SENT


def test_overdue_reminders_go_on_weekly_until_done(run, twelve_months, people):
    staff = people["staff"]
    late = [datetime.date(2021, 11, 1) + datetime.timedelta(days=7 * week) for week in range(8)]
    for day in late:
        run(day)
    stages = [key.split(":")[3] for key in _keys(staff) if key.startswith(f"deadline:{twelve_months.pk}:")]
    assert sorted(stages) == sorted(f"overdue-{1 + 7 * week}" for week in range(8))  # eight weeks late, still
    deadline_mark_done(user=staff, deadline=twelve_months, proof_url="https://eplan.example.test/confirm")
    run(late[-1] + datetime.timedelta(days=7))
    assert len([key for key in _keys(staff) if key.startswith(f"deadline:{twelve_months.pk}:")]) == 8


def test_the_daily_run_makes_sure_of_this_years_calendar_and_from_september_next_years(run, people, without_framework):
    assert not FiscalYear.objects.exists()  # nobody created a fiscal year
    run(datetime.date(2022, 8, 31))  # FY2565
    assert list(FiscalYear.objects.values_list("year", flat=True)) == [2565]
    assert Deadline.objects.filter(fiscal_year__year=2565).count() == 3

    run(datetime.date(2022, 9, 1))  # the last month of FY2565: FY2566 is made ready too
    run(datetime.date(2022, 9, 2))
    assert sorted(FiscalYear.objects.values_list("year", flat=True)) == [2565, 2566]
    assert Deadline.objects.filter(fiscal_year__year=2566).count() == 3

    removed = Deadline.objects.get(fiscal_year__year=2566, kind=DeadlineKind.OIT_SUBMISSION)
    removed.delete()  # a default deleted by mistake comes back; an edited one is left as it is
    edited = Deadline.objects.get(fiscal_year__year=2566, kind=DeadlineKind.EPLAN_6_MONTHS)
    edited.title = "แก้ไขแล้ว"
    edited.save()
    run(datetime.date(2022, 10, 1))
    assert Deadline.objects.filter(fiscal_year__year=2566).count() == 3
    edited.refresh_from_db()
    assert edited.title == "แก้ไขแล้ว"
    assert not FiscalYear.objects.filter(year=2567).exists()


@pytest.mark.parametrize("responsible", ["nobody", "inactive"])
def test_a_measure_nobody_active_is_responsible_for_goes_to_the_coordinators(
    run, fiscal_year, own_department, people, responsible
):
    person = None
    if responsible == "inactive":
        person = people["staff"]
        person.is_active = False
        person.save()
    measure = make_measure(fiscal_year, own_department, 7, due_date=datetime.date(2021, 6, 30), responsible=person)
    run(datetime.date(2021, 6, 23))
    reminded = Notification.objects.filter(source="measures", object_id=measure.pk)
    assert [n.recipient for n in reminded] == [people["coordinator"]]
    assert _deliver(reminded.get()).state == DeliveryState.SENT


def test_unsent_measure_reminders_are_cancelled_once_approved_or_reassigned(due_measure, people):
    staff = people["staff"]
    approved = _waiting(staff, due_measure, due_measure.due_date, "measures")
    Evidence.objects.create(
        measure=due_measure,
        department=due_measure.department,
        title="รายงาน",
        effective_date=datetime.date(2021, 6, 1),
        url="https://example.test/report",
        review_state=ReviewState.APPROVED,
    )
    assert _deliver(approved).state == DeliveryState.CANCELLED

    Evidence.objects.all().delete()
    reassigned = Notification.objects.create(
        key="reassigned",
        source="measures",
        recipient=staff,
        subject="x",
        target=due_measure,
        due_date=due_measure.due_date,
    )
    due_measure.responsible = people["coordinator"]
    due_measure.save()
    assert _deliver(reassigned).state == DeliveryState.CANCELLED

    due_measure.responsible = staff
    due_measure.save()
    still = Notification.objects.create(
        key="still", source="measures", recipient=staff, subject="x", target=due_measure, due_date=due_measure.due_date
    )
    assert _deliver(still).state == DeliveryState.SENT
