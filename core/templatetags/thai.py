"""Template filters for Thai formatting: {% load thai %} then {{ d|thai_date }}, {{ x|baht }}."""

from django import template

from core import thai

register = template.Library()

register.filter("thai_date", thai.thai_date)
register.filter("thai_datetime", thai.thai_datetime)
register.filter("baht", thai.baht)
register.filter("baht_text", thai.baht_text)
register.filter("thai_digits", thai.thai_digits)


@register.filter
def thai_short_date(value):
    return thai.thai_date(value, short=True)


@register.filter
def number(value, decimals=0):
    return thai.number(value, int(decimals))
