"""The conventions for what a request brings in: numbers (core.params), ids in URLs (<id:pk>), `__in` with
ids no column can hold (core.lookups), control characters (core.text) and bounded settings."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import translation

from complaints.models import MAX_WORKING_DAYS, Category
from complaints.services import complaint_submit
from core.fiscal import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN
from core.models import FiscalYear
from core.params import ID_MAX, id_param, int_param, number_param, page_of
from core.text import CONTROL_CHARACTER_MESSAGE, refuse_control_characters
from indicators.models import OITItem


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("7", 7),
        (" 9 ", 9),
        ("10", 10),
        ("11", None),  # above the maximum
        ("-1", None),
        ("0", None),  # below the minimum
        ("²", None),  # isdigit() says yes, int() says no
        ("٣", None),  # int() reads it as 3
        ("๓", None),
        ("3.0", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 400, None),
    ],
)
def test_int_param_reads_ascii_digits_in_range_only(raw, expected):
    assert int_param(raw, None, minimum=1, maximum=10) == expected


def test_the_id_range_is_the_database_id_range():
    assert id_param(str(ID_MAX)) == 2**63 - 1
    assert id_param(str(2**63)) is None
    assert number_param("0") == 0
    assert number_param("-5") is None


@pytest.mark.parametrize(("raw", "number"), [(None, 1), ("2", 2), ("²", 1), ("๒", 1), ("0", 1), ("99999999", 3)])
def test_page_of_gives_the_first_page_for_junk_and_the_last_past_the_end(raw, number):
    assert page_of(list(range(25)), 10, raw).number == number


@pytest.mark.parametrize("pk", [str(2**63), str(2**64), "²", "๓", "-1"])
def test_an_id_route_does_not_match_what_cannot_be_an_id(pk):
    with pytest.raises(Resolver404):
        resolve(f"/measures/{pk}/")


def test_an_id_route_reads_its_id():
    assert resolve(f"/measures/{ID_MAX}/").kwargs == {"pk": ID_MAX}


@pytest.mark.django_db
def test_in_with_ids_no_column_holds_finds_nothing_instead_of_overflowing():
    some = OITItem.objects.order_by("pk").first()
    assert list(OITItem.objects.filter(pk__in=[2**64, 2**63, -(2**64)])) == []
    assert list(OITItem.objects.filter(pk__in=[2**64, some.pk])) == [some]


@pytest.mark.django_db
def test_a_multiple_choice_with_a_huge_id_is_a_form_error():
    field = forms.ModelMultipleChoiceField(queryset=OITItem.objects.all())
    with pytest.raises(ValidationError):
        field.clean([str(2**64)])


@pytest.mark.parametrize("text", ["a\x00b", "a\x01b", "\x1b[31m", "a\x7fb", "a\x85b", ["ok", "b\x00"]])
def test_control_characters_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        refuse_control_characters(text)
    assert refused.value.code == "control_characters"


@pytest.mark.parametrize("text", ["สองบรรทัด\nและ\r\nแท็บ\t", "ภาษาไทย ๑๒๓", ["หนึ่ง", "สอง"], None])
def test_line_breaks_tabs_and_thai_are_text(text):
    refuse_control_characters(text)


def test_every_form_char_field_refuses_them_with_a_thai_message():
    class Declared(forms.Form):  # declared after core was ready, as before: the rule does not depend on when
        name = forms.CharField()
        email = forms.EmailField()

    with translation.override("th"):
        form = Declared({"name": "ชื่อ\x1b", "email": "a@example.org"})
        assert not form.is_valid()
        assert form.errors["name"] == [str(CONTROL_CHARACTER_MESSAGE)]
        assert "อักขระควบคุม" in form.errors["name"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "valid"), [(0, False), (99999, False), (FISCAL_YEAR_MIN, True), (FISCAL_YEAR_MAX, True)]
)
def test_a_fiscal_year_is_bounded(year, valid):
    fiscal_year = FiscalYear(year=year)
    if valid:
        fiscal_year.full_clean()
    else:
        with pytest.raises(ValidationError):
            fiscal_year.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, MAX_WORKING_DAYS + 1, 32767])
def test_a_category_deadline_is_bounded(days):
    category = Category(name_th="หมวดทดสอบ", days_to_acknowledge=days, days_to_resolve=days)
    with pytest.raises(ValidationError) as refused:
        category.full_clean()
    assert set(refused.value.message_dict) == {"days_to_acknowledge", "days_to_resolve"}


@pytest.mark.django_db
def test_a_complaint_in_a_category_at_the_longest_deadline_is_filed(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC))
    category = Category.objects.create(
        name_th="หมวดนาน", days_to_acknowledge=MAX_WORKING_DAYS, days_to_resolve=MAX_WORKING_DAYS
    )
    complaint = complaint_submit(category=category, subject="ทดสอบ", description="ทดสอบ", anonymous=True)
    assert complaint.resolve_due > complaint.received_at.date()
