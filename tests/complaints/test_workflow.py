"""The handling workflow: allowed steps only, history and audit of each, deadlines and timings."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from complaints.forms import new_form_token
from complaints.models import Complaint, State
from complaints.services import REPLY_REQUIRED, STEPS
from core.models import Holiday

from .conftest import BANGKOK, at, file_complaint, step


@pytest.fixture
def complaint(general, own_department) -> Complaint:
    return file_complaint(general, at(2021, 3, 5), department=own_department)  # a Friday


def test_deadlines_count_working_days_per_category(general, db):
    Holiday.objects.create(date=datetime.date(2021, 4, 13), name_th="สงกรานต์")
    Holiday.objects.create(date=datetime.date(2021, 4, 14), name_th="สงกรานต์")
    general.days_to_acknowledge, general.days_to_resolve = 2, 5
    general.save()
    complaint = file_complaint(general, at(2021, 4, 9))  # Friday before Songkran
    assert complaint.acknowledge_due == datetime.date(2021, 4, 13 + 2)  # Mon 12, (13, 14 closed), Thu 15
    assert complaint.resolve_due == datetime.date(2021, 4, 20)  # 12, 15, 16, 19, 20


def test_the_full_path_records_who_when_and_the_timings(complaint, users):
    coordinator, staff = users["coordinator"], users["staff"]
    step(complaint, coordinator, "acknowledge", at(2021, 3, 9))
    step(complaint, coordinator, "assign", at(2021, 3, 9), department=staff.profile.department, handler=staff)
    step(complaint, staff, "start", at(2021, 3, 10), internal_note="ออกตรวจพื้นที่")
    step(complaint, staff, "resolve", at(2021, 3, 19), public_reply="ซ่อมถนนแล้ว")
    step(complaint, coordinator, "close", at(2021, 3, 22))
    complaint.refresh_from_db()
    assert complaint.state == State.CLOSED
    assert complaint.handler == staff
    assert complaint.acknowledge_days == 2  # Fri 5 → Tue 9
    assert complaint.resolve_days == 10  # Fri 5 → Fri 19
    events = list(complaint.events.values_list("action", "from_state", "to_state", "actor__username"))
    assert events == [
        ("submit", "", "received", None),
        ("acknowledge", "received", "acknowledged", "coordinator"),
        ("assign", "acknowledged", "assigned", "coordinator"),
        ("start", "assigned", "in_progress", "staff"),
        ("resolve", "in_progress", "resolved", "staff"),
        ("close", "resolved", "closed", "coordinator"),
    ]
    assert LogEntry.objects.get_for_object(complaint).count() >= 6


def test_the_audit_log_keeps_no_complaint_text_or_identity(general, users, own_department):
    complaint = file_complaint(general, anonymous=False, name="นายลับ", phone="0811111111", subject="เรื่องลับ")
    step(complaint, users["coordinator"], "acknowledge", internal_note="บันทึกลับ")
    logged = " ".join(str(entry.changes) for entry in LogEntry.objects.all())
    for secret in ("นายลับ", "0811111111", "เรื่องลับ", "บันทึกลับ"):
        assert secret not in logged


def test_closing_a_received_complaint_is_refused_and_nothing_changes(complaint, users):
    with pytest.raises(ValidationError) as error:
        step(complaint, users["coordinator"], "close")
    assert "ตอบรับเรื่อง" in " ".join(error.value.messages)  # the message lists what is possible
    complaint.refresh_from_db()
    assert complaint.state == State.RECEIVED
    assert complaint.events.count() == 1


def test_resolving_or_rejecting_needs_a_reply(complaint, users):
    step(complaint, users["coordinator"], "acknowledge")
    for action in ("resolve", "reject"):
        with pytest.raises(ValidationError) as error:
            step(complaint, users["coordinator"], action, public_reply="   ")
        assert error.value.messages == [str(REPLY_REQUIRED)]
    step(complaint, users["coordinator"], "reject", public_reply="ไม่อยู่ในอำนาจหน้าที่ ส่งต่ออำเภอแล้ว")
    assert Complaint.objects.get(pk=complaint.pk).state == State.REJECTED


def test_reopening_clears_the_finish(complaint, users):
    coordinator = users["coordinator"]
    step(complaint, coordinator, "acknowledge")
    step(complaint, coordinator, "resolve", public_reply="เสร็จ")
    step(complaint, coordinator, "reopen", internal_note="ผู้ร้องแจ้งว่ายังไม่เสร็จ")
    complaint.refresh_from_db()
    assert (complaint.state, complaint.finished_at, complaint.resolve_days) == (State.IN_PROGRESS, None, None)


def test_every_listed_step_is_reachable_and_every_other_refused(complaint, users):
    coordinator, details = users["coordinator"], {"public_reply": "x", "department": complaint.department}
    for state in State.values:
        for action, spec in STEPS.items():
            Complaint.objects.filter(pk=complaint.pk).update(state=state)
            if state in spec.sources:
                event = step(complaint, coordinator, action, **details)
                assert (event.from_state, event.to_state) == (state, spec.target or state), action
                continue
            with pytest.raises(ValidationError) as refused:
                step(complaint, coordinator, action, **details)
            assert refused.value.code == "step", (state, action)  # refused as a step, not for a missing field
            assert Complaint.objects.get(pk=complaint.pk).state == state


def test_only_the_coordinator_assigns_and_a_handler_needs_the_right(complaint, corruption, users, corruption_handler):
    staff = users["staff"]
    step(complaint, users["coordinator"], "acknowledge")
    with pytest.raises(PermissionDenied):
        step(complaint, staff, "assign", department=staff.profile.department, handler=staff)
    secret = file_complaint(corruption)
    step(secret, corruption_handler, "acknowledge")
    with pytest.raises(ValidationError, match="ไม่มีสิทธิ์"):
        step(secret, corruption_handler, "assign", department=staff.profile.department, handler=staff)
    step(secret, corruption_handler, "assign", department=staff.profile.department, handler=corruption_handler)


def test_a_user_who_cannot_see_a_complaint_cannot_change_it(complaint, users, corruption):
    with pytest.raises(PermissionDenied):
        step(complaint, users["other_staff"], "acknowledge")
    with pytest.raises(PermissionDenied):
        step(file_complaint(corruption), users["coordinator"], "acknowledge")
    with pytest.raises(PermissionDenied):
        step(complaint, users["executive"], "acknowledge")  # sees it, may not handle it


def test_the_page_shows_an_illegal_step_in_thai_and_keeps_the_text(client, complaint, users):
    client.force_login(users["coordinator"])
    response = client.post(f"/complaints/{complaint.pk}/", {"action": "close", "internal_note": "ข้อความที่พิมพ์"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "ข้อความที่พิมพ์" in page
    assert Complaint.objects.get(pk=complaint.pk).state == State.RECEIVED
    response = client.post(f"/complaints/{complaint.pk}/", {"action": "acknowledge", "public_reply": "รับเรื่องแล้ว"})
    assert response.status_code == 302
    response = client.post(f"/complaints/{complaint.pk}/", {"action": "resolve", "internal_note": "ลืมตอบ"})
    assert "โปรดเขียนคำตอบถึงผู้ร้องเรียน" in response.content.decode()


def test_a_reply_with_a_disguised_attachment_saves_nothing(client, complaint, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["coordinator"])
    fake = SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(
        f"/complaints/{complaint.pk}/", {"action": "acknowledge", "public_reply": "รับเรื่อง", "attachment": fake}
    )
    assert response.status_code == 200
    assert "ไม่รับไฟล์ประเภทนี้" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).state == State.RECEIVED


def test_staff_record_a_telephone_complaint(client, users, general, own_department):
    client.force_login(users["staff"])
    response = client.post(
        "/complaints/record/",
        {
            "form_token": new_form_token(),
            "channel": "telephone",
            "received_on": "2021-03-05",
            "category": general.pk,
            "subject": "น้ำประปาไม่ไหล",
            "description": "ผู้โทรแจ้งว่าน้ำไม่ไหลสองวัน",
            "name": "นางสมศรี",
            "phone": "0899999999",
            "department": own_department.pk,
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert (complaint.channel, complaint.recorded_by, complaint.department) == (
        "telephone",
        users["staff"],
        own_department,
    )
    assert complaint.acknowledge_due == datetime.date(2021, 3, 10)
    # Every field reaches the complaint; an earlier day counts from 09:00 that day.
    assert (complaint.subject, complaint.name, complaint.phone) == ("น้ำประปาไม่ไหล", "นางสมศรี", "0899999999")
    assert complaint.received_at == datetime.datetime(2021, 3, 5, 9, 0, tzinfo=BANGKOK)


def letter(category, **extra) -> dict:
    return {
        "form_token": new_form_token(),
        "channel": "letter",
        "received_on": "2021-03-05",
        "category": category.pk,
        "subject": "หนังสือแจ้งเบาะแสการทุจริต",
        "description": "รายละเอียดในหนังสือ",
        "anonymous": "on",
    } | extra


def test_staff_record_a_corruption_complaint_that_came_by_letter_and_lose_sight_of_it(
    client, users, corruption, corruption_handler
):
    # It used to be refused, and ended up filed as a general complaint the whole department could read.
    client.force_login(users["staff"])
    assert f'value="{corruption.pk}"' in client.get("/complaints/record/").content.decode()
    response = client.post("/complaints/record/", letter(corruption), follow=True)
    complaint = Complaint.objects.get()
    assert response.redirect_chain == [("/complaints/", 302)]
    page = response.content.decode()
    assert complaint.tracking_code in page  # in the message, to give to the complainant
    assert "ไม่ปรากฏในรายการของคุณ" in page
    assert "หนังสือแจ้งเบาะแสการทุจริต" not in page
    assert (complaint.category, complaint.channel, complaint.recorded_by) == (corruption, "letter", users["staff"])
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 404
    client.force_login(corruption_handler)
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 200


def test_a_double_click_on_the_staff_form_stores_one_complaint(client, users, general):
    client.force_login(users["staff"])
    data = letter(general)
    first = client.post("/complaints/record/", data)
    second = client.post("/complaints/record/", data, follow=True)
    assert first.status_code == 302
    assert Complaint.objects.count() == 1
    assert second.redirect_chain == [("/complaints/", 302)]
    assert "ส่งแล้ว" in second.content.decode()


@pytest.mark.parametrize("token", ["forged", ""])
def test_a_forged_or_missing_token_keeps_the_text_and_stores_nothing(client, users, general, token):
    client.force_login(users["staff"])
    response = client.post("/complaints/record/", letter(general, form_token=token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "หนังสือแจ้งเบาะแสการทุจริต" in page
    assert not Complaint.objects.exists()
    if token:
        assert "แบบฟอร์มนี้เปิดค้างไว้นานเกินไป" in page  # FORM_EXPIRED, in Thai


def test_a_complaint_cannot_be_recorded_as_received_in_the_future(client, users, general):
    client.force_login(users["staff"])
    response = client.post(
        "/complaints/record/",
        {
            "form_token": new_form_token(),
            "channel": "letter",
            "received_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "category": general.pk,
            "subject": "หนังสือร้องเรียน",
            "description": "รายละเอียด",
            "anonymous": "on",
        },
    )
    assert response.status_code == 200
    assert "อนาคต" in response.content.decode()
    assert "หนังสือร้องเรียน" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_received_day_typed_with_a_wrong_year_is_refused_naming_what_was_read(client, users, general):
    client.force_login(users["staff"])
    data = {
        "form_token": new_form_token(),
        "channel": "letter",
        "category": general.pk,
        "subject": "หนังสือร้องเรียน",
        "description": "รายละเอียด",
        "anonymous": "on",
    }
    page = client.post("/complaints/record/", {**data, "received_on": "05/03/2999"}).content.decode()
    assert "อ่านได้เป็น 5 มีนาคม 2999 — ตรวจสอบปี พ.ศ." in page
    assert not Complaint.objects.exists()
    received = client.post("/complaints/record/", {**data, "received_on": "05/03/2564"})
    assert received.status_code == 302
    assert timezone.localtime(Complaint.objects.get().received_at).date() == datetime.date(2021, 3, 5)
