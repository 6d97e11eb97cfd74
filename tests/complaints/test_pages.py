"""The coordinator's pages: overview with overdue work, the O29 guideline, and public reply files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Guideline
from tests.conftest import PDF_BYTES

from .conftest import at, file_complaint, step


def test_overdue_complaints_are_flagged_in_the_list_and_counted_on_the_overview(client, users, general, own_department):
    late = file_complaint(general, at(2021, 1, 4), department=own_department, subject="เรื่องที่เลยกำหนด")
    file_complaint(general, department=own_department, subject="เรื่องใหม่วันนี้")
    client.force_login(users["coordinator"])
    overview = client.get("/complaints/overview/").content.decode()
    assert 'id="overdue-count">1<' in overview
    assert late.tracking_code in overview
    listing = client.get("/complaints/", {"overdue": "on"}).content.decode()
    assert "เรื่องที่เลยกำหนด" in listing
    assert "เรื่องใหม่วันนี้" not in listing
    assert 'class="table-danger"' in listing


def test_the_overview_is_for_the_coordinator_only(client, users):
    client.force_login(users["staff"])
    assert client.get("/complaints/overview/").status_code == 403


def test_the_guideline_is_public_only_once_published_and_its_text_is_escaped(client, users):
    assert client.get("/complaints/guideline/").status_code == 404
    client.force_login(users["coordinator"])
    body = "ขั้นตอนที่ 1 รับเรื่อง\n<script>alert(1)</script>"
    response = client.post("/complaints/guideline/edit/", {"title": "คู่มือการจัดการเรื่องร้องเรียน", "body": body})
    assert response.status_code == 302
    assert not Guideline.objects.get().published
    assert client.get("/complaints/guideline/").status_code == 200  # the coordinator previews it
    client.post("/complaints/guideline/edit/", {"title": "คู่มือ", "body": body, "published": "on"})
    client.logout()
    page = client.get("/complaints/guideline/").content.decode()
    assert "ขั้นตอนที่ 1 รับเรื่อง" in page
    assert "<script>alert(1)</script>" not in page
    client.force_login(users["staff"])
    assert client.get("/complaints/guideline/edit/").status_code == 403


def test_a_file_sent_with_a_public_reply_reaches_the_citizen_and_no_other_file_does(client, users, general):
    complaint = file_complaint(general, attachments=[SimpleUploadedFile("a.pdf", PDF_BYTES)])
    coordinator = users["coordinator"]
    step(
        complaint,
        coordinator,
        "acknowledge",
        internal_note="ภายใน",
        attachments=[SimpleUploadedFile("n.pdf", PDF_BYTES)],
    )
    step(
        complaint,
        coordinator,
        "resolve",
        public_reply="ผลการตรวจสอบ",
        attachments=[SimpleUploadedFile("r.pdf", PDF_BYTES)],
    )
    client.logout()
    public = complaint.attachments.get(public=True)
    assert public.event.action == "resolve"
    url = f"/complaints/status/{complaint.tracking_code}/files/{public.pk}/"
    assert client.get(url).status_code == 200
    for private in complaint.attachments.filter(public=False):
        assert client.get(f"/complaints/status/{complaint.tracking_code}/files/{private.pk}/").status_code == 404
    assert client.get(f"/complaints/status/ZZZ-ZZZ-ZZZ/files/{public.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["staff", "executive", "auditor"])
def test_the_statistics_screen_is_readable_by_the_roles_that_see_complaints(client, users, fiscal_year, who):
    client.force_login(users[who])
    assert client.get("/complaints/statistics/", {"year": "2564", "round": "h1"}).status_code == 200


def test_the_status_page_shows_state_changes_and_public_replies_but_no_internal_step(
    client, users, general, own_department
):
    complaint = file_complaint(general, at(2021, 3, 1, 9), department=own_department)
    coordinator, staff = users["coordinator"], users["staff"]
    step(complaint, coordinator, "acknowledge", at(2021, 3, 2, 10))
    step(complaint, coordinator, "note", at(2021, 3, 2, 14), internal_note="โทรหาผู้อำนวยการกอง")
    step(complaint, coordinator, "assign", at(2021, 3, 3, 11), department=own_department, handler=staff)
    step(complaint, coordinator, "assign", at(2021, 3, 4, 15), department=own_department, handler=coordinator)
    step(complaint, coordinator, "note", at(2021, 3, 5, 16), public_reply="กำลังประสานผู้รับเหมา")
    page = client.get("/complaints/status/", {"code": complaint.tracking_code}).content.decode()
    for shown in ("เวลา 09:00", "เวลา 10:00", "เวลา 11:00", "เวลา 16:00", "กำลังประสานผู้รับเหมา"):
        assert shown in page, shown
    for hidden in ("เวลา 14:00", "เวลา 15:00", "โทรหาผู้อำนวยการกอง"):
        assert hidden not in page, hidden
    assert page.count('class="event"') == 4  # received, acknowledged, assigned, the public reply
