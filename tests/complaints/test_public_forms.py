"""The citizen's side: the public forms, the tracking code, the status page, and every kind of bad input."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.forms import new_form_token
from complaints.models import CODE_ALPHABET, Channel, Complaint, State, normalise_tracking_code
from tests.conftest import PNG_BYTES

from .conftest import step

SCRIPT = '<script>alert("x")</script><b>ตัวหนา</b>'
CODE = re.compile(r"[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}")


def form_data(category, **extra) -> dict:
    return {
        "form_token": new_form_token(),
        "category": category.pk,
        "subject": "ไฟถนนดับ",
        "description": "ไฟถนนซอย 3 ดับมาสามคืนแล้ว",
        "location": "ซอย 3",
        "anonymous": "on",
        "name": "",
        "phone": "",
        "email": "",
        "website": "",
    } | extra


def test_an_anonymous_complaint_gets_a_tracking_code_and_keeps_no_identity(client, general):
    response = client.post("/complaints/new/", form_data(general, name="ไม่ควรเก็บ", phone="0812345678"))
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    complaint = Complaint.objects.get()
    assert complaint.tracking_code in thanks.content.decode()
    assert CODE.fullmatch(complaint.tracking_code)
    assert (complaint.name, complaint.phone) == ("", "")
    assert (complaint.state, complaint.channel) == (State.RECEIVED, Channel.WEB)
    assert complaint.events.get().to_state == State.RECEIVED
    assert complaint.tracking_code not in client.get(response["Location"]).content.decode()  # shown once


def test_a_qr_code_link_records_the_qr_channel(client, general):
    client.post("/complaints/new/?via=qr", form_data(general))
    assert Complaint.objects.get().channel == Channel.QR


def test_the_form_explains_anonymity_in_thai(client, general):
    page = client.get("/complaints/new/").content.decode()
    assert "ไม่ระบุชื่อ" in page
    assert "รหัสติดตาม" in page


def test_a_named_complaint_needs_a_way_to_reach_the_complainant(client, general):
    response = client.post("/complaints/new/", form_data(general, anonymous="", name="สมชาย"))
    assert response.status_code == 200
    assert "หมายเลขโทรศัพท์" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_missing_description_is_explained_and_the_text_kept(client, general):
    response = client.post("/complaints/new/", form_data(general, description="", subject="หัวเรื่องที่พิมพ์ไว้"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ฟิลด์นี้จำเป็น" in page  # Django's Thai "This field is required."
    assert "หัวเรื่องที่พิมพ์ไว้" in page
    assert not Complaint.objects.exists()


def test_a_megabyte_of_text_is_refused_with_a_message(client, general):
    response = client.post("/complaints/new/", form_data(general, description="x" * 1_000_000, subject="เก็บไว้"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "ข้อความยาวเกินไป" in page
    assert "เก็บไว้" in page
    assert not Complaint.objects.exists()


def test_a_disguised_attachment_is_refused_and_a_real_one_kept(client, general):
    fake = SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    response = client.post("/complaints/new/", form_data(general, attachment=fake))
    assert response.status_code == 200
    assert "ไม่รับไฟล์ประเภทนี้" in response.content.decode()
    assert not Complaint.objects.exists()
    real = SimpleUploadedFile("photo.png", PNG_BYTES, content_type="image/png")
    assert client.post("/complaints/new/", form_data(general, attachment=real)).status_code == 302
    attachment = Complaint.objects.get().attachments.get()
    assert attachment.content_type == "image/png"
    assert not attachment.public


def test_a_replayed_post_stores_one_complaint(client, general):
    data = form_data(general)
    first = client.post("/complaints/new/", data)
    second = client.post("/complaints/new/", data, follow=True)
    assert first.status_code == 302
    assert Complaint.objects.count() == 1
    assert "ส่งแล้ว" in second.content.decode()


def test_a_tampered_form_token_is_refused_and_the_text_kept(client, general):
    response = client.post("/complaints/new/", form_data(general, form_token="forged", subject="เรื่องของฉัน"))
    assert response.status_code == 200
    assert "เรื่องของฉัน" in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_honeypot_stores_nothing(client, general):
    response = client.post("/complaints/new/", form_data(general, website="http://spam.example"))
    assert response.status_code == 302
    assert not Complaint.objects.exists()


def test_a_flood_from_one_client_is_stopped_without_blocking_others(client, general, settings):
    settings.COMPLAINTS_SUBMIT_RATE = "3/h"
    codes = [client.post("/complaints/new/", form_data(general)).status_code for _ in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    blocked = client.post("/complaints/new/", form_data(general))
    assert "มากเกินไป" in blocked.content.decode()
    assert Complaint.objects.count() == 3
    other = client.post("/complaints/new/", form_data(general), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Complaint.objects.count() == 4


def test_the_receipt_e_mail_carries_the_code_and_escapes_html(client, general, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/complaints/new/",
            form_data(general, anonymous="", name="สมหญิง", email="somying@example.com", subject=SCRIPT),
        )
    complaint = Complaint.objects.get()
    (message,) = mail.outbox
    assert message.to == ["somying@example.com"]
    assert complaint.tracking_code in message.subject
    assert complaint.tracking_code in message.body
    html, _mime = message.alternatives[0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_no_e_mail_without_an_address(client, general, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/complaints/new/", form_data(general))
    assert mail.outbox == []


def test_the_status_page_shows_public_replies_only(client, general, users):
    client.post("/complaints/new/", form_data(general))
    complaint = Complaint.objects.get()
    complaint.department = users["staff"].profile.department
    complaint.save()
    step(complaint, users["coordinator"], "acknowledge", internal_note="บันทึกภายในห้ามเผยแพร่")
    step(complaint, users["coordinator"], "resolve", public_reply=f"ซ่อมไฟแล้ว {SCRIPT}")
    typed = complaint.tracking_code.replace("-", " ").lower()
    page = client.get("/complaints/status/", {"code": typed}).content.decode()
    assert "ซ่อมไฟแล้ว" in page
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert "บันทึกภายในห้ามเผยแพร่" not in page
    assert "ไฟถนนซอย 3" not in page  # the description is not shown to whoever holds the code


def test_guessing_codes_is_rate_limited_and_reveals_nothing(client, general, settings):
    settings.COMPLAINTS_LOOKUP_RATE = "5/h"
    client.post("/complaints/new/", form_data(general))
    real = Complaint.objects.get().tracking_code
    wrong_pages = [client.get("/complaints/status/", {"code": f"ZZZ-ZZZ-ZZ{ch}"}) for ch in CODE_ALPHABET[:5]]
    assert {r.status_code for r in wrong_pages} == {200}
    assert "ไม่พบเรื่องร้องเรียน" in wrong_pages[0].content.decode()
    blocked = client.get("/complaints/status/", {"code": real})
    assert blocked.status_code == 429  # even the right code waits: the client is guessing
    assert real not in blocked.content.decode()
    assert client.get("/complaints/status/", {"code": real}, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_looking_up_the_right_code_does_not_count_as_guessing(client, general, settings):
    settings.COMPLAINTS_LOOKUP_RATE = "2/h"
    client.post("/complaints/new/", form_data(general))
    real = Complaint.objects.get().tracking_code
    assert {client.get("/complaints/status/", {"code": real}).status_code for _ in range(6)} == {200}


def test_codes_are_normalised_and_malformed_ones_refused():
    assert normalise_tracking_code(" k7q 4mz-9tx ") == "K7Q-4MZ-9TX"
    assert normalise_tracking_code("K7Q-4MZ-9T0") == ""  # 0 is not in the alphabet
    assert normalise_tracking_code("K7Q") == ""
    assert normalise_tracking_code("<script>") == ""


def test_the_corruption_channel_is_its_own_page_and_files_under_the_corruption_category(client, corruption):
    page = client.get("/complaints/corruption/")
    assert page.status_code == 200
    assert "ทุจริต" in page.content.decode()
    client.post("/complaints/corruption/", form_data(corruption))
    assert Complaint.objects.get().category == corruption


def test_the_general_form_cannot_file_a_corruption_category(client, corruption, general):
    response = client.post("/complaints/new/", form_data(corruption))
    assert response.status_code == 200
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("field", ["subject", "description", "location"])
def test_html_in_any_text_field_is_escaped_on_the_handler_page(client, general, users, field):
    client.post("/complaints/new/", form_data(general, **{field: SCRIPT}))
    complaint = Complaint.objects.get()
    client.force_login(users["coordinator"])
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_a_mail_server_that_is_down_does_not_lose_the_complaint(
    client, general, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.complaints.test_public_forms.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaints/new/", form_data(general, anonymous="", name="ก", email="a@example.com"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 1


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_body_over_the_request_limit_gets_a_thai_page_not_a_500(db, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000  # Django's own cap on a request's form data (2.5 MB by default)
    response = client.post("/complaints/new/", {"description": "ก" * 60_000})
    assert response.status_code == 400
    assert "ส่งข้อมูลไม่สำเร็จ" in response.content.decode()


def test_html_in_the_name_phone_and_address_is_escaped_for_the_handler(client, general, users):
    client.force_login(users["staff"])
    data = {
        "form_token": new_form_token(),
        "channel": "walk_in",
        "received_on": "2021-03-05",
        "category": general.pk,
        "subject": "แจ้งด้วยตนเอง",
        "description": "รายละเอียด",
        "name": SCRIPT,
        "phone": '081<img src=x onerror="alert(1)">',
        "address": SCRIPT,
    }
    assert client.post("/complaints/record/", data).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.name == SCRIPT  # kept as typed, shown as text
    client.force_login(users["coordinator"])
    identity = client.get(f"/complaints/{complaint.pk}/").content.decode().split('id="complainant">', 1)[1]
    identity = identity.split("</dd>", 1)[0]
    assert "<script>" not in identity
    assert "<img" not in identity
    assert "<b>" not in identity
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;ตัวหนา&lt;/b&gt;" in identity
    assert "081&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in identity


def test_html_in_the_e_mail_field_is_refused_and_shown_back_as_text(client, general):
    response = client.post("/complaints/new/", form_data(general, anonymous="", name="สมชาย", email=SCRIPT))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Complaint.objects.exists()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page  # what was typed is kept, as text


def test_html_in_an_internal_note_is_escaped_and_stays_off_the_status_page(client, general, users):
    client.post("/complaints/new/", form_data(general))
    complaint = Complaint.objects.get()
    client.force_login(users["coordinator"])
    response = client.post(f"/complaints/{complaint.pk}/", {"action": "acknowledge", "internal_note": SCRIPT})
    assert response.status_code == 302
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;ตัวหนา&lt;/b&gt;" in page
    client.logout()
    status = client.get("/complaints/status/", {"code": complaint.tracking_code}).content.decode()
    assert "ตัวหนา" not in status
