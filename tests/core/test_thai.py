"""Thai formatting: Buddhist-era dates, numbers, baht, baht text and Thai digits, and their template filters."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.thai import baht, baht_text, number, thai_date, thai_datetime, thai_digits

APRIL_FIRST = datetime.date(2021, 4, 1)
# 20:00 UTC on 31 March is 03:00 on 1 April in Bangkok (UTC+7).
LATE_EVENING_UTC = datetime.datetime(2021, 3, 31, 20, 0, tzinfo=datetime.UTC)


def render(source: str, **context) -> str:
    return Template("{% load thai %}" + source).render(Context(context))


def test_thai_date_uses_thai_month_and_buddhist_year():
    assert thai_date(APRIL_FIRST) == "1 เมษายน 2564"


def test_thai_date_short_form_abbreviates_the_month():
    assert thai_date(APRIL_FIRST, short=True) == "1 เม.ย. 2564"


def test_thai_date_of_none_is_empty():
    assert thai_date(None) == ""


def test_aware_datetime_is_shown_on_the_bangkok_calendar_day():
    assert thai_date(LATE_EVENING_UTC) == "1 เมษายน 2564"


def test_thai_datetime_shows_bangkok_time_with_the_thai_suffix():
    assert thai_datetime(LATE_EVENING_UTC) == "1 เมษายน 2564 เวลา 03:00 น."


def test_thai_datetime_of_none_is_empty():
    assert thai_datetime(None) == ""


def test_number_has_thousands_separators():
    assert number(1234567) == "1,234,567"
    assert number(Decimal("1234.5"), 2) == "1,234.50"


def test_baht_has_two_decimals_and_the_unit():
    assert baht(1234.5) == "1,234.50 บาท"
    assert baht(Decimal("0")) == "0.00 บาท"


def test_baht_text_of_a_whole_amount_ends_with_thuan():
    assert baht_text(100) == "หนึ่งร้อยบาทถ้วน"


def test_baht_text_reads_the_satang():
    assert baht_text(21.25) == "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"
    assert baht_text(Decimal("21.25")) == "ยี่สิบเอ็ดบาทยี่สิบห้าสตางค์"


def test_thai_digits():
    assert thai_digits("2564") == "๒๕๖๔"
    assert thai_digits(2564) == "๒๕๖๔"


def test_english_ui_keeps_the_buddhist_year_with_english_months():
    with translation.override("en"):
        assert thai_date(APRIL_FIRST) == "1 April 2564"
        assert thai_date(APRIL_FIRST, short=True) == "1 Apr 2564"
        assert thai_datetime(LATE_EVENING_UTC) == "1 April 2564, 03:00"
        assert baht(1234.5) == "1,234.50 baht"


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        ("{{ d|thai_date }}", {"d": APRIL_FIRST}, "1 เมษายน 2564"),
        ("{{ d|thai_short_date }}", {"d": APRIL_FIRST}, "1 เม.ย. 2564"),
        ("{{ d|thai_datetime }}", {"d": LATE_EVENING_UTC}, "1 เมษายน 2564 เวลา 03:00 น."),
        ("{{ x|baht }}", {"x": 1234.5}, "1,234.50 บาท"),
        ("{{ x|baht_text }}", {"x": 100}, "หนึ่งร้อยบาทถ้วน"),
        ("{{ x|thai_digits }}", {"x": 2564}, "๒๕๖๔"),
        ("{{ x|number }}", {"x": 1234567}, "1,234,567"),
        ("{{ x|number:2 }}", {"x": 1234.5}, "1,234.50"),
    ],
)
def test_template_filters(source, context, expected):
    with translation.override("th"):
        assert render(source, **context) == expected
