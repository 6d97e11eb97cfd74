"""A holiday added or removed after complaints were filed moves the deadlines of the open ones it falls within."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Complaint
from core.models import Holiday, SpreadsheetImport

from .conftest import at, file_complaint, step

D = datetime.date
MONDAY_HOLIDAY = D(2021, 3, 8)


@pytest.fixture
def filed(general, users, own_department) -> dict[str, Complaint]:
    coordinator = users["coordinator"]
    made = {
        # Fri 5 Mar: acknowledge by Wed 10, resolve by Fri 26 (over two weekends)
        "friday": file_complaint(general, at(2021, 3, 5), department=own_department),
        "acknowledged": file_complaint(general, at(2021, 3, 5), department=own_department),
        "after": file_complaint(general, at(2021, 3, 9), department=own_department),  # received after the day
        "finished": file_complaint(general, at(2021, 3, 5), department=own_department),
        "long_overdue": file_complaint(general, at(2021, 1, 4), department=own_department),  # due 25 Jan
    }
    step(made["acknowledged"], coordinator, "acknowledge", at(2021, 3, 5, 15))
    step(made["finished"], coordinator, "acknowledge", at(2021, 3, 5, 15))
    step(made["finished"], coordinator, "resolve", at(2021, 3, 5, 16), public_reply="เสร็จแล้ว")
    return made


def dues(complaint: Complaint) -> tuple[datetime.date, datetime.date]:
    complaint.refresh_from_db()
    return complaint.acknowledge_due, complaint.resolve_due


def test_adding_and_removing_a_holiday_moves_the_open_deadlines_it_falls_within(client, users, filed):
    before = {name: dues(complaint) for name, complaint in filed.items()}
    assert before["friday"] == (D(2021, 3, 10), D(2021, 3, 26))
    client.force_login(users["coordinator"])
    response = client.post("/holidays/", {"date": MONDAY_HOLIDAY.isoformat(), "name_th": "วันหยุดพิเศษ"})
    assert response.status_code == 302
    assert dues(filed["friday"]) == (D(2021, 3, 11), D(2021, 3, 29))  # Thu 11; over the weekend to Mon 29
    assert dues(filed["acknowledged"]) == (D(2021, 3, 11), D(2021, 3, 29))
    for unmoved in ("after", "finished", "long_overdue"):
        assert dues(filed[unmoved]) == before[unmoved], unmoved
    moves = LogEntry.objects.get_for_object(filed["friday"]).filter(action=LogEntry.Action.UPDATE)
    entry = moves.filter(changes__has_key="resolve_due").get()
    assert entry.changes["resolve_due"] == ["2021-03-26", "2021-03-29"]
    assert entry.actor == users["coordinator"]

    holiday = Holiday.objects.get()
    assert client.post(f"/holidays/{holiday.pk}/delete/").status_code == 302
    assert {name: dues(complaint) for name, complaint in filed.items()} == before


def test_a_holiday_on_a_weekend_moves_nothing(client, users, filed):
    before = {name: dues(complaint) for name, complaint in filed.items()}
    client.force_login(users["coordinator"])
    client.post("/holidays/", {"date": "2021-03-13", "name_th": "วันเสาร์"})
    assert {name: dues(complaint) for name, complaint in filed.items()} == before


def test_a_complaint_keeps_the_working_days_it_was_given_when_its_category_changed_since(client, users, filed, general):
    general.days_to_acknowledge, general.days_to_resolve = 10, 30
    general.save()
    client.force_login(users["coordinator"])
    client.post("/holidays/", {"date": "2021-03-24", "name_th": "วันหยุดพิเศษ"})
    assert dues(filed["friday"]) == (D(2021, 3, 10), D(2021, 3, 29))  # 15 working days, not 30


def test_a_holiday_added_moved_or_deleted_in_the_admin_moves_deadlines_too(client, users, filed):
    coordinator = users["coordinator"]
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.post(
        "/admin/core/holiday/add/", {"date": "2021-03-09", "name_th": "วันหยุดพิเศษ", "name_en": "", "_save": "1"}
    )
    assert response.status_code == 302
    assert dues(filed["friday"]) == (D(2021, 3, 11), D(2021, 3, 29))
    holiday = Holiday.objects.get()
    # Moved to Thursday 1 April: out of the acknowledge window, still out of the resolve window.
    client.post(
        f"/admin/core/holiday/{holiday.pk}/change/",
        {"date": "2021-04-01", "name_th": "วันหยุดพิเศษ", "name_en": "", "_save": "1"},
    )
    assert dues(filed["friday"]) == (D(2021, 3, 10), D(2021, 3, 26))
    client.post(
        f"/admin/core/holiday/{holiday.pk}/change/",
        {"date": "2021-03-26", "name_th": "วันหยุดพิเศษ", "name_en": "", "_save": "1"},
    )
    assert dues(filed["friday"]) == (D(2021, 3, 10), D(2021, 3, 29))
    client.post(f"/admin/core/holiday/{holiday.pk}/delete/", {"post": "yes"})
    assert not Holiday.objects.exists()
    assert dues(filed["friday"]) == (D(2021, 3, 10), D(2021, 3, 26))


def test_importing_holidays_moves_the_deadlines_once_for_the_whole_file(client, users, filed):
    client.force_login(users["coordinator"])
    content = "วันที่,ชื่อวันหยุด (ภาษาไทย)\r\n2021-03-08,วันหยุดพิเศษ\r\n2021-03-09,วันหยุดพิเศษ\r\n".encode()

    def import_file() -> None:
        client.post("/imports/holidays/", {"file": SimpleUploadedFile("holidays.csv", content)})
        record = SpreadsheetImport.objects.latest("pk")
        assert client.post(f"/imports/file/{record.pk}/commit/").status_code == 302

    before = dues(filed["after"])
    import_file()
    assert dues(filed["friday"]) == (D(2021, 3, 12), D(2021, 3, 30))  # two working days later
    assert dues(filed["after"]) == before, "received on the 9th: neither day falls within its deadlines"
    import_file()  # the same file again: nothing added, nothing moves
    assert dues(filed["friday"]) == (D(2021, 3, 12), D(2021, 3, 30))
