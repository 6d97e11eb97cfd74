"""Thai formatting used by pages and PDFs: Buddhist-era dates, numbers, baht and baht text.

Thin wrappers over PyThaiNLP so every template and report formats the same way.
"""

import calendar
import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from pythainlp.util import arabic_digit_to_thai_digit, bahttext, thai_strftime

from .fiscal import BE_OFFSET

Number = int | float | Decimal


def _local(value: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return datetime.datetime.combine(value, datetime.time())


def thai_date(value: datetime.date | datetime.datetime | None, short: bool = False) -> str:
    """'1 เมษายน 2564' (or '1 เม.ย. 2564' when short); English months in the English UI."""
    if value is None:
        return ""
    moment = _local(value)
    if get_language() == "en":
        names = calendar.month_abbr if short else calendar.month_name
        return f"{moment.day} {names[moment.month]} {moment.year + BE_OFFSET}"
    return thai_strftime(moment, "%-d %b %Y" if short else "%-d %B %Y")


def thai_datetime(value: datetime.datetime | None) -> str:
    """'1 เมษายน 2564 เวลา 13:05 น.'"""
    if value is None:
        return ""
    moment = _local(value)
    if get_language() == "en":
        return f"{thai_date(moment)}, {moment:%H:%M}"
    return f"{thai_date(moment)} เวลา {moment:%H:%M} น."


def number(value: Number | None, decimals: int = 0) -> str:
    """Thousands separators: 1234567 -> '1,234,567'."""
    if value is None:
        return ""
    return f"{value:,.{decimals}f}"


def baht(value: Number | None) -> str:
    """An amount in baht with satang: 1234.5 -> '1,234.50 บาท'."""
    if value is None:
        return ""
    unit = "baht" if get_language() == "en" else "บาท"
    return f"{number(value, 2)} {unit}"


def baht_text(value: Number | None) -> str:
    """The amount in words as on a Thai cheque: 100 -> 'หนึ่งร้อยบาทถ้วน'."""
    if value is None:
        return ""
    return bahttext(float(value))


def thai_digits(value: object) -> str:
    """'2564' -> '๒๕๖๔', for documents that use Thai numerals."""
    return arabic_digit_to_thai_digit(str(value))
