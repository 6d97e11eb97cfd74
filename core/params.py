"""Numbers read from a request (query strings, posted fields, URL parts): the one parser every view uses.

Only ASCII digits count. ``str.isdigit()`` also accepts "²" or "٣", which ``int()`` then refuses or
reads as another number, and a number too large for the database column overflows the query: both
ended in a server error. Anything else than a plain number in range falls back to the caller's default.
"""

import re
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

T = TypeVar("T")

# At most 19 digits: every bounded value below fits, and a longer string is refused before int() reads it.
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")

# Database ids: the positive range of a signed 64-bit integer, the widest primary key of every backend.
ID_MAX = 2**63 - 1


def int_param(raw: str | None, default: T, *, minimum: int, maximum: int) -> int | T:
    """``raw`` as an int when it is a plain ASCII number (surrounding spaces allowed) within
    ``minimum``..``maximum``; otherwise ``default``."""
    if raw is None:
        return default
    text = raw.strip()
    if not _ASCII_NUMBER.fullmatch(text):
        return default
    value = int(text)
    return value if minimum <= value <= maximum else default


def id_param(raw: str | None) -> int | None:
    """A database id, or None when it cannot be one."""
    return int_param(raw, None, minimum=1, maximum=ID_MAX)


def number_param(raw: str | None) -> int | None:
    """A whole number that is not negative (a year, a count), or None when ``raw`` is not one; the caller
    looks it up or bounds it (the database answers "no such row" for one beyond its columns)."""
    return int_param(raw, None, minimum=0, maximum=ID_MAX)


def page_of(objects: QuerySet | list, per_page: int, raw: str | None) -> Page:
    """The page ``raw`` (?page=) of ``objects``: the first page for anything but a page number, the last
    for a number past the end."""
    return Paginator(objects, per_page).get_page(number_param(raw) or 1)


class IdConverter:
    """``<id:pk>`` in URL patterns: a database id, ASCII digits within the id range, else no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = id_param(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class TokenConverter:
    """``<token:code>`` in URL patterns: a secret token or tracking code (letters, digits, ``-`` and ``_``,
    as secrets.token_urlsafe and the portal's codes are made). Anything else is a 404 before it reaches
    a query: PostgreSQL refuses a NUL byte in a string with an error."""

    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
