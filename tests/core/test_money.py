"""Money from a spreadsheet cell or a form: Decimal at two places, half up, never through float arithmetic."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.spreadsheets import MoneyField, to_money


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),
        ("฿1,234.50", "1234.50"),
        ("1,234.50 บาท", "1234.50"),
        ("๑,๒๓๔.๕๐", "1234.50"),
        ("-12", "-12.00"),
        ("1.005", "1.01"),  # half up
        ("-1.005", "-1.01"),  # half up, away from zero
        ("2.675", "2.68"),  # as written, though the float 2.675 is 2.67499999…
        (2.675, "2.68"),  # a workbook's number cell: its shortest repr, not its binary value
        (0.1 + 0.2, "0.30"),
        (1234.5, "1234.50"),
        (7, "7.00"),
        (Decimal("9999999999999.99"), "9999999999999.99"),
    ],
)
def test_amounts_are_read_to_the_satang(cell, amount):
    result = to_money(cell)
    assert isinstance(result, Decimal)
    assert str(result) == amount


@pytest.mark.parametrize(
    "cell",
    ["1e5", "1E+5", "nan", "NaN", "inf", "-Infinity", float("nan"), float("inf"), "1,23.4", "1.2.3", "", "abc", True],
)
def test_what_is_not_an_amount_is_refused_in_thai(cell):
    with pytest.raises(ValidationError) as caught, translation.override("th"):
        to_money(cell)
    assert caught.value.code == "invalid"
    with translation.override("th"):
        assert "ไม่ใช่จำนวนเงิน" in caught.value.messages[0]


@pytest.mark.parametrize("cell", ["99999999999999", 1e300, "9999999999999.995", Decimal("1E+20")])
def test_absurd_amounts_are_refused(cell):
    with pytest.raises(ValidationError) as caught:
        to_money(cell)
    assert caught.value.code == "too_large"


class PaymentForm(forms.Form):
    amount = MoneyField()


def test_the_form_field_reads_amounts_the_same_way():
    form = PaymentForm({"amount": "฿1,234.505"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.51")
    assert not PaymentForm({"amount": "1e3"}).is_valid()
    assert not PaymentForm({"amount": ""}).is_valid()
