"""Working-day arithmetic: weekends and listed holidays are skipped, one query per call."""

import datetime

import pytest

from core.models import Holiday
from core.workdays import add_working_days, working_days_between

D = datetime.date


@pytest.fixture
def holidays(db):
    for day, name in [
        (D(2020, 10, 13), "วันคล้ายวันสวรรคต ร.9"),
        (D(2020, 12, 5), "วันพ่อแห่งชาติ (วันเสาร์)"),
        (D(2020, 12, 7), "ชดเชยวันพ่อแห่งชาติ"),
        (D(2020, 12, 10), "วันรัฐธรรมนูญ"),
        (D(2021, 10, 13), "วันคล้ายวันสวรรคต ร.9"),
    ]:
        Holiday.objects.create(date=day, name_th=name)


@pytest.mark.django_db
def test_a_weekend_is_skipped():
    friday = D(2021, 1, 8)
    assert add_working_days(friday, 1) == D(2021, 1, 11)
    assert add_working_days(friday, 3) == D(2021, 1, 13)
    assert working_days_between(friday, D(2021, 1, 11)) == 1


@pytest.mark.django_db
def test_zero_days_is_the_start_day_and_a_negative_count_is_refused():
    assert add_working_days(D(2021, 1, 9), 0) == D(2021, 1, 9)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2021, 1, 9), -1)


@pytest.mark.usefixtures("holidays")
def test_holidays_are_skipped_and_a_holiday_on_a_saturday_is_not_counted_twice():
    # Fri 4 Dec: Sat 5 (holiday anyway), Sun 6, Mon 7 (substitute), Tue 8, Wed 9, Thu 10 (holiday), Fri 11.
    assert add_working_days(D(2020, 12, 4), 1) == D(2020, 12, 8)
    assert add_working_days(D(2020, 12, 4), 3) == D(2020, 12, 11)
    assert working_days_between(D(2020, 12, 4), D(2020, 12, 11)) == 3
    assert add_working_days(D(2020, 10, 12), 1) == D(2020, 10, 14)


@pytest.mark.usefixtures("holidays")
def test_counting_across_the_fiscal_year_boundary():
    # Tue 28 Sep 2021 (FY2564) + 3 = Wed 29, Thu 30, Fri 1 Oct (FY2565).
    assert add_working_days(D(2021, 9, 28), 3) == D(2021, 10, 1)
    assert working_days_between(D(2021, 9, 28), D(2021, 10, 1)) == 3
    # 15 working days from Thu 30 Sep 2021 skip two weekends and 13 Oct.
    assert add_working_days(D(2021, 9, 30), 15) == D(2021, 10, 22)
    assert working_days_between(D(2021, 9, 30), D(2021, 10, 22)) == 15


@pytest.mark.usefixtures("holidays")
def test_between_is_the_inverse_of_add_and_negative_backwards():
    start = D(2020, 9, 25)
    for n in range(0, 60, 7):
        assert working_days_between(start, add_working_days(start, n)) == n
    assert working_days_between(D(2021, 1, 11), D(2021, 1, 8)) == -1


@pytest.mark.usefixtures("holidays")
def test_each_call_reads_the_holidays_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2020, 10, 1), 15)
    with django_assert_num_queries(1):
        working_days_between(D(2020, 10, 1), D(2021, 9, 30))


@pytest.mark.django_db
def test_a_long_run_of_closures_still_gives_the_right_day():
    # Every weekday of October 2020 closed (an unusual list): the count goes on into November.
    day = D(2020, 10, 1)
    while day.month == 10:
        Holiday.objects.create(date=day, name_th=f"ปิด {day}")
        day += datetime.timedelta(days=1)
    assert add_working_days(D(2020, 9, 30), 1) == D(2020, 11, 2)


def test_the_coordinator_edits_the_holiday_list_and_staff_cannot(client, users):
    client.force_login(users["coordinator"])
    response = client.post("/holidays/", {"date": "2021-04-12", "name_th": "วันหยุดพิเศษ", "name_en": ""})
    assert response.status_code == 302
    holiday = Holiday.objects.get()
    response = client.post("/holidays/", {"date": "2021-04-12", "name_th": "ซ้ำ"})
    assert response.status_code == 200
    assert Holiday.objects.count() == 1  # the same date twice is refused with a message
    assert client.get("/holidays/").status_code == 200
    client.force_login(users["staff"])
    assert client.get("/holidays/").status_code == 403
    assert client.post(f"/holidays/{holiday.pk}/delete/").status_code == 403
    client.force_login(users["coordinator"])
    assert client.post(f"/holidays/{holiday.pk}/delete/").status_code == 302
    assert not Holiday.objects.exists()
