"""Dates as Thai officers write them: read in any of the usual forms, shown back in the Buddhist era.

``parse_date`` is the one reader (forms, filters and spreadsheet imports all go through it);
``PlausibleDates`` is the range a field accepts, so that a year typed in the wrong era is caught with
the date that was understood ("อ่านได้เป็น 15 มีนาคม 3107 — ตรวจสอบปี พ.ศ.") instead of being saved.

PyThaiNLP's ``thai_strptime`` reads one fixed format at a time and guesses nothing about the era; officers
type ``15/03/2564``, ``15 มี.ค. 2564``, ``2564-03-15`` or ``๑๕/๐๓/๒๕๖๔`` into the same box, so the forms are
matched here and only PyThaiNLP's month names are borrowed.
"""

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pythainlp.util.date import thai_abbr_months, thai_full_months

from .fiscal import BE_OFFSET, fiscal_year_period
from .thai import thai_date

# A four-digit year from 2400 on is Buddhist era (2400 B.E. is 1857 C.E.); below it, Christian era.
BE_FROM = 2400

INVALID = _("Type the date as day/month/year in the Buddhist era, e.g. 15/03/2568.")
NO_SUCH_DAY = _("There is no such day: %(day)s %(month)s %(year)s.")
OUT_OF_RANGE = _("Read as %(date)s — check the Buddhist-era year. %(range)s")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s*([^\d\s]+(?:\s[^\d\s]+)?)\s*(\d{4})")
_ERA_WORDS = re.compile(r"(พ\s*\.\s*ศ\s*\.?|ค\s*\.\s*ศ\s*\.?|b\.?\s*e\.?|a\.?\s*d\.?)", re.IGNORECASE)


def _month_key(name: str) -> str:
    return name.replace(".", "").replace(" ", "").lower()


_MONTHS: dict[str, int] = {}
for _number, (_full, _abbr) in enumerate(zip(thai_full_months, thai_abbr_months, strict=True), start=1):
    _MONTHS[_month_key(_full)] = _number
    _MONTHS[_month_key(_abbr)] = _number
for _number in range(1, 13):
    _english = calendar.month_name[_number].lower()  # the C locale's names: the portal never sets another
    _MONTHS[_english] = _number
    _MONTHS[_english[:3]] = _number
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class Reading:
    """What a text was read as, before the calendar is asked whether the day exists."""

    day: int
    month: int
    year_ce: int


def _read(text: str) -> Reading | None:
    cleaned = _ERA_WORDS.sub(" ", text.translate(_THAI_DIGITS)).strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if match := _YMD.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DMY.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := _D_MONTH_Y.fullmatch(cleaned):
        month_number = _MONTHS.get(_month_key(match.group(2)))
        if month_number is None:
            return None
        day, month, year = int(match.group(1)), month_number, int(match.group(3))
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return Reading(day, month, year - BE_OFFSET if year >= BE_FROM else year)


def _be_label(reading: Reading) -> dict[str, object]:
    return {"day": reading.day, "month": thai_full_months[reading.month - 1], "year": reading.year_ce + BE_OFFSET}


def parse_date(value: object) -> datetime.date:
    """A date from what a person typed or a spreadsheet cell held; ``ValidationError`` with a Thai message."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    reading = _read(str(value))
    if reading is None:
        raise ValidationError(INVALID, code="invalid")
    try:
        return datetime.date(reading.year_ce, reading.month, reading.day)
    except ValueError:
        raise ValidationError(NO_SUCH_DAY, code="invalid", params=_be_label(reading)) from None


Bound = Callable[[], datetime.date]


@dataclass(frozen=True)
class PlausibleDates:
    """The days a field accepts. Bounds are functions so a range "from today on" moves with the calendar."""

    earliest: Bound
    latest: Bound

    def check(self, day: datetime.date) -> None:
        earliest, latest = self.earliest(), self.latest()
        if not earliest <= day <= latest:
            span = _("Dates from %(earliest)s to %(latest)s are accepted.") % {
                "earliest": thai_date(earliest),
                "latest": thai_date(latest),
            }
            raise ValidationError(OUT_OF_RANGE, code="out_of_range", params={"date": thai_date(day), "range": span})

    @classmethod
    def years_around_today(cls, back: int, ahead: int) -> "PlausibleDates":
        return cls(lambda: _years_from(timezone.localdate(), -back), lambda: _years_from(timezone.localdate(), ahead))

    @classmethod
    def around_fiscal_year(cls, year_be: int, margin_years: int = 1) -> "PlausibleDates":
        """The fiscal year with ``margin_years`` either side: evidence, measures and deadlines of that year."""
        period = fiscal_year_period(year_be)
        start, end = _years_from(period.start, -margin_years), _years_from(period.end, margin_years)
        return cls(lambda: start, lambda: end)


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


# The widest range any field takes unless it says otherwise: a filter or a record of the portal's era.
ANY_DATE = PlausibleDates(lambda: datetime.date(1957, 1, 1), lambda: datetime.date(2100, 12, 31))


def be_text(day: datetime.date | None) -> str:
    """The value a date box shows: ``15/03/2564``."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


class ThaiDateInput(forms.TextInput):
    """A text box showing ``15/03/2564`` with a calendar button that pages by Buddhist-era year.

    Not ``type="date"``: browsers draw that in the Christian era and refuse anything else typed into it.
    """

    template_name = "core/widgets/thai_date.html"

    class Media:
        js = ["js/thai-date-picker.js"]
        css = {"all": ["css/thai-date-picker.css"]}

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        defaults = {"placeholder": _("dd/mm/yyyy (B.E.)"), "autocomplete": "off", "size": 12, "maxlength": 40}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: object) -> str | None:
        if isinstance(value, datetime.date):
            return be_text(parse_date(value))
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """The portal's one date field: reads what ``parse_date`` reads and refuses days outside ``plausible``."""

    widget = ThaiDateInput

    def __init__(self, *, plausible: PlausibleDates = ANY_DATE, **kwargs: object) -> None:
        self.plausible = plausible
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def to_python(self, value: object) -> datetime.date | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        return parse_date(value)

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is not None:
            self.plausible.check(value)

    def has_changed(self, initial: object, data: object) -> bool:
        try:
            return self.to_python(data) != (parse_date(initial) if initial not in self.empty_values else None)
        except ValidationError:
            return True
