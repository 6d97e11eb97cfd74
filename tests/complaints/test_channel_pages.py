"""Publishing the O29 guideline attaches its public page, and the O30 corruption channel's page, as link
evidence of the current fiscal year: once a year, and publishing still works when the year has no item."""

import pytest
import time_machine
from django.conf import settings

from core.models import FiscalYear
from indicators.models import Evidence, ReviewState

from .conftest import at

GUIDELINE = {"title": "คู่มือการจัดการเรื่องร้องเรียน", "body": "ขั้นตอนที่ 1 รับเรื่อง"}


def publish(client, **extra):
    return client.post("/complaints/guideline/edit/", GUIDELINE | {"published": "on"} | extra, follow=True)


def test_publishing_attaches_the_two_pages_once_a_year(client, users, fiscal_year, organisation):
    with time_machine.travel(at(2021, 3, 1), tick=False):
        client.force_login(users["coordinator"])
        client.post("/complaints/guideline/edit/", GUIDELINE)  # a draft attaches nothing
        assert not Evidence.objects.exists()
        page = publish(client).content.decode()
        publish(client, body="ขั้นตอนที่ 1 รับเรื่อง (แก้ไข)")
    attached = {e.oit_item.code: e for e in Evidence.objects.select_related("oit_item__sub_indicator__indicator")}
    assert set(attached) == {"O29", "O30"}
    assert attached["O29"].url == settings.SITE_BASE_URL + "/complaints/guideline/"
    assert attached["O30"].url == settings.SITE_BASE_URL + "/complaints/corruption/"
    for evidence in attached.values():
        assert evidence.oit_item.sub_indicator.indicator.framework.fiscal_year == fiscal_year
        assert (evidence.review_state, evidence.is_published) == (ReviewState.SUBMITTED, False)
        assert not evidence.file
        assert evidence.url in page  # the coordinator is told
    assert page.count("รอการตรวจสอบ") >= 2


def test_a_year_without_the_portal_s_fiscal_year_still_publishes_and_says_why(client, users, fiscal_year):
    with time_machine.travel(at(2031, 3, 1), tick=False):
        client.force_login(users["coordinator"])
        page = publish(client).content.decode()
    assert not Evidence.objects.exists()
    assert "ยังไม่มีปีงบประมาณ 2574 ในระบบ" in page
    client.logout()
    assert client.get("/complaints/guideline/").status_code == 200  # published all the same


@pytest.mark.django_db
def test_a_year_without_the_items_still_publishes_and_says_why(client, users):
    FiscalYear.objects.create(year=2565)  # no framework loaded for it
    with time_machine.travel(at(2022, 3, 1), tick=False):
        client.force_login(users["coordinator"])
        page = publish(client).content.decode()
    assert not Evidence.objects.exists()
    assert "ไม่มีข้อ O29" in page
    assert "ไม่มีข้อ O30" in page
    client.logout()
    assert client.get("/complaints/guideline/").status_code == 200
