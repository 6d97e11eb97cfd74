"""The portal's one date reader and field (core.dates): what Thai officers type, shown back in the Buddhist era."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import translation

from core.admin import BuddhistEraDates
from core.dates import ANY_DATE, PlausibleDates, ThaiDateField, ThaiDateInput, parse_date

MARCH_15_2021 = datetime.date(2021, 3, 15)


@pytest.mark.parametrize(
    "typed",
    [
        "15/03/2564",
        "15/3/2564",
        " 15 / 03 / 2564 ",
        "15-03-2564",
        "15.03.2564",
        "2564-03-15",
        "15 มี.ค. 2564",
        "15 มีค 2564",
        "15 มีนาคม 2564",
        "15มีนาคม2564",
        "15 มีนาคม พ.ศ. 2564",
        "๑๕/๐๓/๒๕๖๔",
        "๑๕ มี.ค. ๒๕๖๔",
        "15/03/2021",  # a Christian-era year: below 2400, so not ambiguous
        "2021-03-15",
        "15 March 2021",
        "15 Mar 2021",
    ],
)
def test_what_officers_type_is_read_as_the_same_day(typed):
    assert parse_date(typed) == MARCH_15_2021


def test_dates_and_times_from_a_spreadsheet_pass_through_as_local_days():
    assert parse_date(MARCH_15_2021) == MARCH_15_2021
    late_evening_utc = datetime.datetime(2021, 3, 14, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on the 15th in Bangkok
    assert parse_date(late_evening_utc) == MARCH_15_2021


@pytest.mark.parametrize(
    "typed",
    ["", "abc", "15/03/64", "15/03", "2564", "15 Smarch 2564", "1/1/543", "15/03/25640", "31/31/2564", "0/03/2564"],
)
def test_what_is_not_a_date_is_refused_with_the_expected_form(typed):
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        parse_date(typed)
    assert refused.value.code == "invalid"
    assert "15/03/2568" in refused.value.messages[0]
    assert "วัน/เดือน/ปี" in refused.value.messages[0]


def test_a_day_the_calendar_does_not_have_is_named_in_the_buddhist_era():
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        parse_date("31/02/2564")
    assert refused.value.messages == ["ไม่มีวันที่ 31 กุมภาพันธ์ 2564 ในปฏิทิน"]


def test_a_year_outside_the_fields_range_is_refused_naming_what_was_understood():
    field = ThaiDateField(plausible=PlausibleDates.around_fiscal_year(2564))
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        field.clean("15/03/3107")
    message = refused.value.messages[0]
    assert message.startswith("อ่านได้เป็น 15 มีนาคม 3107 — ตรวจสอบปี พ.ศ.")
    assert "1 ตุลาคม 2562" in message
    assert "30 กันยายน 2565" in message
    assert field.clean("15/03/2564") == MARCH_15_2021


@pytest.mark.parametrize("typed", ["9999-12-31", "0001-01-01", "31/12/9999", "01/01/1000"])
def test_the_calendars_edges_are_refused_by_the_widest_range(typed):
    with pytest.raises(ValidationError) as refused:
        ThaiDateField().clean(typed)
    assert refused.value.code == "out_of_range"


def test_the_range_from_today_moves_with_the_calendar(time_machine):
    field = ThaiDateField(plausible=PlausibleDates.years_around_today(back=2, ahead=1))
    time_machine.move_to(datetime.datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("Asia/Bangkok")))
    assert field.clean("02/12/2567") == datetime.date(2024, 12, 2)
    with pytest.raises(ValidationError):
        field.clean("01/12/2567")
    time_machine.move_to(datetime.datetime(2027, 12, 2, 10, tzinfo=ZoneInfo("Asia/Bangkok")))
    with pytest.raises(ValidationError):
        field.clean("02/12/2567")


def test_a_range_counted_from_a_leap_day_ends_on_the_28th_in_a_year_without_one(time_machine):
    time_machine.move_to(datetime.datetime(2024, 2, 29, 10, tzinfo=ZoneInfo("Asia/Bangkok")))
    range_ = PlausibleDates.years_around_today(back=1, ahead=1)
    assert (range_.earliest(), range_.latest()) == (datetime.date(2023, 2, 28), datetime.date(2025, 2, 28))


def test_a_fiscal_years_range_reaches_a_year_either_side():
    range_ = PlausibleDates.around_fiscal_year(2564)
    assert (range_.earliest(), range_.latest()) == (datetime.date(2019, 10, 1), datetime.date(2022, 9, 30))


def test_an_empty_optional_date_is_none_and_a_required_one_is_refused():
    assert ThaiDateField(required=False).clean("  ") is None
    with pytest.raises(ValidationError) as refused:
        ThaiDateField().clean("")
    assert refused.value.code == "required"


def test_the_box_shows_the_buddhist_era_and_is_not_a_browser_date_input():
    html = ThaiDateInput().render("effective_date", MARCH_15_2021)
    assert 'value="15/03/2564"' in html
    assert 'type="text"' in html
    assert 'type="date"' not in html
    assert "data-thai-date-open" in html  # the calendar button, shown by the script


def test_a_refused_value_is_shown_back_as_typed():
    class Form(forms.Form):
        day = ThaiDateField()

    form = Form(data={"day": "15/03/3107"})
    assert not form.is_valid()
    assert 'value="15/03/3107"' in str(form["day"])


def test_an_unchanged_date_is_not_a_change_whatever_the_era_typed():
    field = ThaiDateField()
    assert not field.has_changed(MARCH_15_2021, "15/03/2564")
    assert not field.has_changed(MARCH_15_2021, "2021-03-15")
    assert field.has_changed(MARCH_15_2021, "16/03/2564")
    assert field.has_changed(MARCH_15_2021, "nonsense")
    assert field.has_changed(None, "16/03/2564")


def test_the_widest_range_covers_the_portals_era():
    ANY_DATE.check(datetime.date(1957, 1, 1))
    ANY_DATE.check(datetime.date(2100, 12, 31))


def test_every_admin_the_portal_defines_reads_and_shows_buddhist_era_dates():
    ours = {
        model._meta.label: model_admin
        for model, model_admin in admin.site._registry.items()
        if type(model_admin).__module__.split(".")[0] in PORTAL_APPS
    }
    assert "core.Holiday" in ours
    assert "auth.User" in ours
    assert [label for label, model_admin in ours.items() if not isinstance(model_admin, BuddhistEraDates)] == []


PORTAL_APPS = {"core", "indicators", "notifications", "complaints", "satisfaction", "schedules", "archive"}
