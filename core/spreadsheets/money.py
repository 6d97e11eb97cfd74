"""Amounts of money read from a spreadsheet or typed in a form: a Decimal at two places, never a float sum.

Accepted: ``1234.5``, ``1,234.50``, ``฿1,234.50``, ``1,234.50 บาท``, Thai digits (``๑,๒๓๔.๕๐``), a leading
minus sign, and a number cell of a workbook (a float: its shortest repr is the number Excel shows, so
``Decimal(repr(cell))`` never carries the binary noise of the float). Refused: exponents (``1e5``),
NaN and infinity, misplaced thousands separators, and more than 13 digits before the point.

Rounding rule: ROUND_HALF_UP to the satang, as amounts are rounded by hand (1.005 → 1.01, -1.005 → -1.01).
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SATANG = Decimal("0.01")
MAX_WHOLE_DIGITS = 13  # below ten trillion baht, and within a DecimalField(max_digits=15, decimal_places=2)
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_CURRENCY = re.compile(r"^฿|฿$|บาท$")
_PLAIN = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?")

NOT_AN_AMOUNT = _("“%(value)s” is not an amount of money: write it like 1,234.50.")
AMOUNT_TOO_LARGE = _("“%(value)s” is too large for an amount of money.")


def to_money(value: str | int | float | Decimal) -> Decimal:
    """The amount at two decimal places (half up), or ValidationError with a message for the person."""
    if isinstance(value, bool):
        raise _not_an_amount(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _not_an_amount(value)
        amount = Decimal(repr(value))
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
    else:
        amount = _from_text(str(value))
    if not amount.is_finite():
        raise _not_an_amount(value)
    if amount.adjusted() >= MAX_WHOLE_DIGITS:  # before quantize, which fails on huge values
        raise ValidationError(AMOUNT_TOO_LARGE, code="too_large", params={"value": str(value)[:50]})
    rounded = amount.quantize(SATANG, rounding=ROUND_HALF_UP)
    if rounded.adjusted() >= MAX_WHOLE_DIGITS:  # 9,999,999,999,999.995 rounds up to fourteen digits
        raise ValidationError(AMOUNT_TOO_LARGE, code="too_large", params={"value": str(value)[:50]})
    return rounded


def _from_text(text: str) -> Decimal:
    cleaned = _CURRENCY.sub("", text.translate(THAI_DIGITS).strip()).strip().replace(" ", "")
    if not _PLAIN.fullmatch(cleaned):
        raise _not_an_amount(text)
    return Decimal(cleaned.replace(",", ""))


def _not_an_amount(value: object) -> ValidationError:
    return ValidationError(NOT_AN_AMOUNT, code="invalid", params={"value": str(value)[:50]})


class MoneyField(forms.DecimalField):
    """A form field for an amount in baht, read by ``to_money``: an import's form declares it for money columns."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", MAX_WHOLE_DIGITS + 2)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return to_money(value)
