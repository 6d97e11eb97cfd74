"""The complaint journey in a real browser: an anonymous corruption complaint, handled and answered, kept from staff.

Elements are found by field names, URLs and ids, not by visible text (see test_evidence_journey).
"""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from playwright.sync_api import expect

from complaints.models import Complaint, State
from core.roles import Role
from tests.conftest import make_user

from .conftest import BROWSER_GROUP, ConsoleLog
from .test_evidence_journey import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.xdist_group(BROWSER_GROUP),
]

SUBJECT = "เจ้าหน้าที่เรียกรับเงินค่าอำนวยความสะดวก E2E-CX"
REPLY = "ตรวจสอบแล้ว ดำเนินการทางวินัยเรียบร้อย E2E-REPLY"


def test_anonymous_corruption_complaint_is_answered_and_hidden_from_staff(
    new_page, live_server, users, organisation, console_log: ConsoleLog
):
    base = live_server.url
    investigator = make_user("investigator", Role.STAFF, users["staff"].profile.department)
    investigator.user_permissions.add(Permission.objects.get(codename="handle_corruption"))

    # A citizen on a phone finds the separate corruption channel from the public home page.
    citizen = new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    citizen.goto(base + reverse("home"))
    citizen.locator("nav .navbar-toggler").click()
    citizen.locator(f'nav a[href="{reverse("complaints:corruption")}"]').click()
    citizen.wait_for_url(base + reverse("complaints:corruption"))
    form = citizen.locator("main form")
    form.locator("input[name=subject]").fill(SUBJECT)
    form.locator("textarea[name=description]").fill("เมื่อวันที่ 3 มีนาคม มีการเรียกรับเงิน 2,000 บาทโดยไม่มีใบเสร็จ")
    form.locator("input[name=anonymous]").check()
    form.locator("button[type=submit]").click()
    citizen.wait_for_url(base + reverse("complaints:thanks"))
    code = citizen.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}", code)
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.anonymous
    assert complaint.category.is_corruption

    # The permitted handler finds it, acknowledges it and resolves it with a public reply.
    handler = new_page()
    log_in(handler, base, "investigator")
    handler.goto(base + reverse("complaints:list") + f"?q={code}")
    handler.locator(f'a[href="{reverse("complaints:detail", args=[complaint.pk])}"]').click()
    step = handler.locator("#step-form")
    step.locator("select[name=action]").select_option("acknowledge")
    step.locator("textarea[name=public_reply]").fill("รับเรื่องไว้เป็นความลับแล้ว")
    step.locator("button[type=submit]").click()
    handler.wait_for_url(base + reverse("complaints:detail", args=[complaint.pk]))
    step = handler.locator("#step-form")
    step.locator("select[name=action]").select_option("resolve")
    step.locator("textarea[name=public_reply]").fill(REPLY)
    step.locator("button[type=submit]").click()
    handler.wait_for_url(base + reverse("complaints:detail", args=[complaint.pk]))
    complaint.refresh_from_db()
    assert complaint.state == State.RESOLVED

    # The citizen, with only the code, sees the reply.
    citizen.goto(base + reverse("complaints:status"))
    citizen.locator("input[name=code]").fill(code.replace("-", "").lower())
    citizen.locator("main form button[type=submit]").click()
    expect(citizen.locator(".reply").last).to_contain_text("E2E-REPLY")
    assert console_log.errors == []

    # An ordinary staff member of the same department cannot find it by search or by address.
    staff = new_page()
    log_in(staff, base, "staff")
    staff.goto(base + reverse("complaints:list") + f"?q={code}")
    expect(staff.locator(f'a[href="{reverse("complaints:detail", args=[complaint.pk])}"]')).to_have_count(0)
    assert SUBJECT not in staff.content()
    response = staff.goto(base + reverse("complaints:detail", args=[complaint.pk]))
    assert response.status == 404
