"""Spreadsheets in and out, built once for every app.

- Import: declare an ``ImportSpec`` (the row's form, natural key, columns) and ``register_import`` it in
  ``AppConfig.ready()``; ``/imports/<kind>/`` then offers the template, the upload, the preview with each
  row's errors, and the all-or-nothing commit (``imports``; files read by ``reader``; money by ``money``).
- Export: a view returns ``spreadsheet_response(rows, stem, fmt)`` with ``fmt`` "csv" or "xlsx": one row
  source, two formats (``export``).
"""

from .export import FORMATS, spreadsheet_response
from .imports import Column, ImportResult, ImportSpec, register_import
from .money import MoneyField, to_money

__all__ = [
    "FORMATS",
    "Column",
    "ImportResult",
    "ImportSpec",
    "MoneyField",
    "register_import",
    "spreadsheet_response",
    "to_money",
]
