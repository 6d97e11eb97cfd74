"""Importing rows from a spreadsheet into a model: declared once per kind of import, checked, previewed, committed.

An app declares an ``ImportSpec`` (the form that validates one row, the natural key, the columns) and
registers it from its ``AppConfig.ready()``; core's import pages then offer the upload, the template
file, the preview with every row's errors and the commit. ``import_check`` reads an upload and stores it
with what it would do; ``import_commit`` does it, all or nothing, in one transaction.

A row is a form submission: the app's own form validates it, so a field that reads Buddhist-era dates
on the page reads them in the file too (workbook date cells reach the form as ``datetime.date``). Rows
are read as a stream and written in batches (bulk_create / bulk_update), so memory does not grow with the
file. The natural key makes an import idempotent: a row whose key exists updates that record, only when
something differs; importing the same file twice changes nothing the second time.
"""

import datetime
import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import IO, Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.models import SpreadsheetImport
from core.uploads import store_upload

from .reader import Cell, check_spreadsheet, read_rows

# The preview lists this many errors; the count says how many there are in all.
LISTED_ERRORS = 200
MAX_SHOWN_VALUE = 100

EMPTY_FILE = _("The file has no rows: the first row must name the columns, and the rows to import follow it.")
MISSING_COLUMN = _("The column “%(column)s” is missing: name it in the first row (see the template file).")
CHANGED_MEANWHILE = _("Records were added while the file was being imported: upload the file again.")
DUPLICATE_KEY = _("The same %(column)s as row %(row)s: each may appear only once in the file.")


@dataclass(frozen=True)
class Column:
    """A column of the file: the form field it fills and its header, recognised in Thai, in English or as the
    field's name, whatever the language of the person importing."""

    field: str
    header: str | Promise


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or would do): counts, the first errors, and the keys of the records it added."""

    rows: int
    new: int
    changed: int
    unchanged: int
    error_count: int
    errors: list[dict[str, Any]]
    created_keys: list[tuple]


@dataclass(frozen=True)
class ImportSpec:
    """One kind of import. ``form`` is a ModelForm validating one row; ``key`` its natural-key fields;
    ``permissions`` what a person needs to import; ``back`` the URL name of the page the import belongs to;
    ``done`` runs once per committed import, inside its transaction (say, announcing the records added)."""

    kind: str
    label: str | Promise
    form: type[forms.ModelForm]
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    permissions: tuple[str, ...]
    back: str
    done: Callable[[ImportResult], None] | None = None
    batch_size: int = 1000

    @property
    def model(self) -> type[models.Model]:
        return self.form._meta.model

    @property
    def fields(self) -> list[str]:
        return [column.field for column in self.columns]

    def headers(self) -> list[str]:
        """The header row of the template file, in the language of the person downloading it."""
        return [str(column.header) for column in self.columns]


_SPECS: dict[str, ImportSpec] = {}


def register_import(spec: ImportSpec) -> None:
    """Called from an app's ``AppConfig.ready()``; the kind is the import's address: /imports/<kind>/."""
    _SPECS[spec.kind] = spec


def import_spec(kind: str) -> ImportSpec | None:
    return _SPECS.get(kind)


# --- reading and checking -------------------------------------------------------------------------------


@dataclass
class _Tally:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    created_keys: list[tuple] = field(default_factory=list)

    def error(self, row: int, column: str, value: object, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < LISTED_ERRORS:
            self.errors.append({"row": row, "column": column, "value": _shown(value), "message": message})

    def result(self) -> ImportResult:
        return ImportResult(
            self.rows, self.new, self.changed, self.unchanged, self.error_count, self.errors, self.created_keys
        )


def _shown(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    return text if len(text) <= MAX_SHOWN_VALUE else text[: MAX_SHOWN_VALUE - 1] + "…"


def _normalised(header: object) -> str:
    return " ".join(str(header or "").split()).casefold()


def _header_names(column: Column) -> set[str]:
    names = {_normalised(column.field)}
    for language in ("th", "en"):
        with translation.override(language):
            names.add(_normalised(column.header))
    return names


def _form_value(cell: Cell) -> Cell:
    """The cell as the form should see it: text stripped; a whole number from a workbook as an int (not
    ``12.0``); dates as dates. Other floats stay floats: a money field reads them by their shortest repr."""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and math.isfinite(cell) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    return cell


def _fingerprint(key: tuple) -> bytes:
    """The natural key, remembered for the whole file to find a key met twice: a 128-bit digest takes half
    the memory of the key itself, and two keys sharing one (odds about 1 in 10^27 for a million rows) are
    not a practical concern."""
    plain = tuple((type(value).__name__, value.pk) if isinstance(value, models.Model) else value for value in key)
    return hashlib.blake2b(repr(plain).encode(), digest_size=16).digest()


def _numbered_rows(rows: Iterable[Sequence[Cell]]) -> Iterator[tuple[int, Sequence[Cell]]]:
    """Each non-blank row with its number as the spreadsheet shows it (the first row is 1)."""
    for number, row in enumerate(rows, start=1):
        if any(cell not in (None, "") for cell in row):
            yield number, row


def _row_form(spec: ImportSpec) -> type[forms.ModelForm]:
    """The spec's form, minus its one-query-per-row check that the natural key is unique: each batch looks
    its keys up in one query (a row whose key exists updates that record) and a key met twice in the file
    is an error, so the check would only repeat them. Any other unique field is still checked per row."""

    class RowForm(spec.form):  # type: ignore[name-defined]
        def validate_unique(self) -> None:
            try:
                self.instance.validate_unique(exclude=self._get_validation_exclusions() | set(spec.key))
            except ValidationError as error:
                self._update_errors(error)

    return RowForm


class _Check:
    """One pass over the rows of a file for a spec: validating each, and writing each batch when ``write``."""

    def __init__(self, spec: ImportSpec, *, write: bool) -> None:
        self.spec = spec
        self.row_form = _row_form(spec)
        self.write = write
        self.tally = _Tally()
        self.first_row_of: dict[bytes, int] = {}
        self.header_of = {column.field: str(column.header) for column in spec.columns}

    def run(self, rows: Iterable[Sequence[Cell]]) -> ImportResult:
        numbered = _numbered_rows(rows)
        header = next(numbered, None)
        if header is None:
            self.tally.error(1, "", "", str(EMPTY_FILE))
            return self.tally.result()
        positions = self._positions(*header)
        if positions is None:
            return self.tally.result()
        while batch := list(islice(numbered, self.spec.batch_size)):
            self._batch([(number, self._data(row, positions)) for number, row in batch])
        return self.tally.result()

    def _positions(self, number: int, header: Sequence[Cell]) -> dict[str, int] | None:
        """Where each column is in the file; None (and an error per column) when a required one is missing."""
        found = {_normalised(name): index for index, name in enumerate(header)}
        positions: dict[str, int] = {}
        for column in self.spec.columns:
            index = next((found[name] for name in _header_names(column) if name in found), None)
            if index is not None:
                positions[column.field] = index
            elif self.spec.form.base_fields[column.field].required:
                self.tally.error(number, str(column.header), "", MISSING_COLUMN % {"column": column.header})
        return None if self.tally.error_count else positions

    @staticmethod
    def _data(row: Sequence[Cell], positions: dict[str, int]) -> dict[str, Cell]:
        return {name: _form_value(row[index]) if index < len(row) else "" for name, index in positions.items()}

    def _key_before_validation(self, data: dict[str, Cell]) -> tuple | None:
        """The row's natural key read by the form's own fields, to find the record it updates."""
        try:
            return tuple(self.spec.form.base_fields[name].clean(data.get(name)) for name in self.spec.key)
        except ValidationError:
            return None  # the form says what is wrong with it

    def _existing(self, keys: set[tuple]) -> dict[tuple, models.Model]:
        if not keys:
            return {}
        first = self.spec.key[0]
        candidates = self.spec.model._default_manager.filter(**{f"{first}__in": {key[0] for key in keys}})
        found = {tuple(getattr(record, name) for name in self.spec.key): record for record in candidates}
        return {key: record for key, record in found.items() if key in keys}

    def _batch(self, batch: Sequence[tuple[int, dict[str, Cell]]]) -> None:
        keys = {number: self._key_before_validation(data) for number, data in batch}
        existing = self._existing({key for key in keys.values() if key is not None})
        added: list[models.Model] = []
        updated: list[models.Model] = []
        for number, data in batch:
            self.tally.rows += 1
            key = keys[number]
            record = existing.get(key) if key is not None else None
            validated = self._validated(number, data, record)
            if validated is None or not validated[1]:
                continue
            (added if record is None else updated).append(validated[0])
        if self.write and not self.tally.error_count:
            spec, manager = self.spec, self.spec.model._default_manager
            manager.bulk_create(added, batch_size=spec.batch_size)
            if updated:
                manager.bulk_update(updated, [f for f in spec.fields if f not in spec.key], batch_size=spec.batch_size)

    def _validated(
        self, number: int, data: dict[str, Cell], record: models.Model | None
    ) -> tuple[models.Model, bool] | None:
        """The row's record and whether it is to be saved (not when it holds what the file says already);
        None when the row has an error."""
        spec, tally = self.spec, self.tally
        before = model_to_dict(record, fields=spec.fields) if record else None
        if record is not None:  # a column the file leaves out keeps what the record holds
            data = {**model_to_dict(record, fields=[f for f in spec.fields if f not in data]), **data}
        form = self.row_form(data=data, instance=record)
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    tally.error(number, self.header_of.get(name, ""), data.get(name, ""), str(message))
            return None
        key = tuple(form.cleaned_data[name] for name in spec.key)
        fingerprint = _fingerprint(key)
        if fingerprint in self.first_row_of:
            column = self.header_of[spec.key[0]]
            message = DUPLICATE_KEY % {"column": column, "row": self.first_row_of[fingerprint]}
            tally.error(number, column, data.get(spec.key[0]), message)
            return None
        self.first_row_of[fingerprint] = number
        if record is None:
            tally.new += 1
            if spec.done:
                tally.created_keys.append(key)
        elif model_to_dict(form.instance, fields=spec.fields) == before:
            tally.unchanged += 1
            return form.instance, False
        else:
            tally.changed += 1
        return form.instance, True


def _read(spec: ImportSpec, file: IO[bytes], content_type: str, *, write: bool) -> ImportResult:
    return _Check(spec, write=write).run(read_rows(file, content_type))


# --- the services behind the import pages ---------------------------------------------------------------


def _record_result(record: SpreadsheetImport, result: ImportResult) -> None:
    record.rows, record.new, record.changed, record.unchanged = (
        result.rows,
        result.new,
        result.changed,
        result.unchanged,
    )
    record.error_count, record.errors = result.error_count, result.errors


def import_check(*, spec: ImportSpec, upload: UploadedFile, user: User) -> SpreadsheetImport:
    """Check an uploaded file against the spec and keep it, with what it would do, for the preview.

    A file that is not a readable spreadsheet raises ValidationError and nothing is kept.
    """
    inspected = check_spreadsheet(upload)
    result = _read(spec, upload, inspected.content_type, write=False)
    record = SpreadsheetImport(kind=spec.kind, uploaded_by=user)
    _record_result(record, result)
    upload.seek(0)
    store_upload(record, upload, inspected, stem="import")
    record.save()
    return record


class AlreadyImportedError(Exception):
    """The import was committed before (a double click, a replayed request): it is not done twice."""


class _RolledBackError(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def _changed_meanwhile() -> ImportResult:
    return ImportResult(0, 0, 0, 0, 1, [{"row": "", "column": "", "value": "", "message": str(CHANGED_MEANWHILE)}], [])


def import_commit(*, record: SpreadsheetImport, spec: ImportSpec) -> SpreadsheetImport:
    """Import the checked file, all or nothing. The file is read and checked again (records may have
    changed since the preview): if any row fails now, nothing is written and the record lists the errors.

    Raises AlreadyImportedError when it was committed before; the row lock makes a replay wait for the first.
    """
    try:
        with transaction.atomic():
            locked = SpreadsheetImport.objects.select_for_update().get(pk=record.pk)
            if locked.committed_at is not None:
                raise AlreadyImportedError
            with locked.file.open("rb") as file:
                try:
                    result = _read(spec, file, locked.content_type, write=True)
                except IntegrityError as error:  # a record with a key of the file was added meanwhile
                    raise _RolledBackError(_changed_meanwhile()) from error
            if result.error_count or not result.rows:
                raise _RolledBackError(result)
            if spec.done:
                spec.done(result)
            _record_result(locked, result)
            locked.committed_at = timezone.now()
            locked.save()
            return locked
    except _RolledBackError as rolled_back:
        _record_result(record, rolled_back.result)
        record.save()
        return record
