"""The coordinator's measure form: valid input saves, bad input is refused clearly and keeps what was typed."""

import html

import pytest
from django.utils import translation

from indicators.models import Indicator, Measure, OITItem

TEXT = "จัดทำคู่มือการปฏิบัติงานเพื่อป้องกันการทุจริต"


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


def form_data(fiscal_year, owner, **overrides) -> dict:
    indicator = Indicator.objects.get(framework__fiscal_year=fiscal_year, number=2)
    data = {
        "indicator": indicator.pk,
        "number": "3",
        "text": TEXT,
        "sub_points": "ข้อย่อยที่หนึ่ง\nข้อย่อยที่สอง",
        "department": owner.pk,
        "responsible": "",
        "frequency": "ปีละ 2 ครั้ง",
        "due_date": "2021-04-30",
        "evidence_required": "2",
        "oit_items": [OITItem.objects.get(sub_indicator__indicator__framework__fiscal_year=fiscal_year, code="O16").pk],
    }
    return data | overrides


def post(client, data):
    return client.post("/measures/new/?year=2564", data)


def shown(response) -> str:
    return html.unescape(response.content.decode())


def test_the_coordinator_creates_a_measure(coordinator_client, fiscal_year, own_department):
    response = post(coordinator_client, form_data(fiscal_year, own_department))
    measure = Measure.objects.get(text=TEXT)
    assert response.status_code == 302
    assert response.url == f"/measures/{measure.pk}/"
    assert measure.sub_points == ["ข้อย่อยที่หนึ่ง", "ข้อย่อยที่สอง"]
    assert measure.evidence_required == 2
    assert [item.code for item in measure.oit_items.all()] == ["O16"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", "", "This field is required."),
        ("number", "สาม", "Enter a whole number."),
        ("evidence_required", "0", "Ensure this value is greater than or equal to %(limit_value)s."),
        ("due_date", "31/31/2564", "Type the date as day/month/year in the Buddhist era, e.g. 15/03/2568."),
        ("due_date", "31/03/3107", "อ่านได้เป็น 31 มีนาคม 3107 — ตรวจสอบปี พ.ศ."),
        ("department", "999999", "Select a valid choice. That choice is not one of the available choices."),
    ],
)
def test_bad_values_are_refused_and_what_was_typed_is_kept(
    coordinator_client, fiscal_year, own_department, field, value, message
):
    data = form_data(fiscal_year, own_department, **{field: value})
    response = post(coordinator_client, data)
    assert response.status_code == 200
    with translation.override("th"):
        assert translation.gettext(message) % {"limit_value": 1} in shown(response)
    assert not Measure.objects.exists()
    if field != "text":
        assert TEXT in shown(response), "the measure text the coordinator typed is still in the form"


def test_a_second_measure_with_the_same_number_is_refused(coordinator_client, fiscal_year, own_department):
    post(coordinator_client, form_data(fiscal_year, own_department))
    response = post(coordinator_client, form_data(fiscal_year, own_department, text="มาตรการซ้ำเลข"))
    assert response.status_code == 200
    assert Measure.objects.count() == 1
    assert "มาตรการซ้ำเลข" in shown(response)
    assert response.context["form"].errors


def test_an_indicator_of_another_year_is_not_a_choice(coordinator_client, fiscal_year, own_department):
    other_year_indicator_pk = Indicator.objects.order_by("-pk").first().pk + 1000
    response = post(coordinator_client, form_data(fiscal_year, own_department, indicator=other_year_indicator_pk))
    assert response.status_code == 200
    assert "indicator" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_a_bad_edit_leaves_the_saved_measure_unchanged(coordinator_client, fiscal_year, own_department, measure):
    before = Measure.objects.values().get(pk=measure.pk)
    data = form_data(fiscal_year, own_department, text="", number=str(measure.number))
    response = coordinator_client.post(f"/measures/{measure.pk}/edit/", data)
    assert response.status_code == 200
    assert Measure.objects.values().get(pk=measure.pk) == before


def test_staff_cannot_post_a_measure(client, users, fiscal_year, own_department):
    client.force_login(users["staff"])
    response = post(client, form_data(fiscal_year, own_department))
    assert response.status_code == 403
    assert not Measure.objects.exists()
