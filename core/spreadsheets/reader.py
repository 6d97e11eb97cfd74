"""An uploaded spreadsheet read as a stream of rows, whatever program saved it.

CSV comes as UTF-8 (with or without the byte-order mark Excel writes) or, from older Thai Windows
programs, as Windows-874 (TIS-620 plus a few punctuation marks): a file that is valid UTF-8 is read as
UTF-8, else as Windows-874. XLSX, XLS and ODS are read by python-calamine, which gives dates as
``datetime.date`` and numbers as numbers. The file is judged by its content first (core.uploads), and
a ZIP-based file that would unpack to far more than it weighs is refused before anything opens it.
"""

import codecs
import csv
import datetime
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO

import python_calamine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.uploads import CSV, ODS, XLS, XLSX, InspectedUpload, inspect_upload

SPREADSHEET_TYPES = {CSV: "csv", XLSX: "xlsx", XLS: "xls", ODS: "ods"}

NOT_A_SPREADSHEET = _(
    "This file is not a spreadsheet. Upload a CSV file, an Excel workbook (.xlsx, .xls) "
    "or an OpenDocument spreadsheet (.ods)."
)
UNREADABLE = _(
    "The spreadsheet could not be read: it may be damaged or protected by a password. "
    "Open it, save it again as .xlsx or CSV, and upload that file."
)
UNKNOWN_ENCODING = _(
    "The CSV file is neither UTF-8 nor Thai Windows (Windows-874) text. "
    "In Excel choose “Save as” → “CSV UTF-8” and upload that file."
)
UNPACKS_TOO_LARGE = _(
    "The spreadsheet unpacks to %(size)s, more than the %(limit)s accepted: split it into smaller files."
)

# An XLSX/ODS is a ZIP: a genuine one unpacks to a few times its size, a ZIP bomb to thousands.
MAX_UNPACK_RATIO = 100
# Every multiple of the upload limit makes the reader hold the unpacked sheet in memory.
MAX_UNPACKED_UPLOADS = 10
CHUNK = 64 * 1024
# Programs other than Excel write CSV with semicolons or tabs.
CSV_DELIMITERS = ",;\t"

Cell = (
    str | int | float | Decimal | bool | datetime.date | datetime.datetime | datetime.time | datetime.timedelta | None
)


def check_spreadsheet(upload: UploadedFile) -> InspectedUpload:
    """What the uploaded spreadsheet is, or a ValidationError the uploader can act on."""
    try:
        inspected = inspect_upload(upload, allowed=SPREADSHEET_TYPES)
    except ValidationError as error:
        if error.code == "type":
            raise ValidationError(NOT_A_SPREADSHEET, code="type") from error
        raise
    if inspected.content_type in (XLSX, ODS):
        _check_unpacked_size(upload, inspected.size)
    elif inspected.content_type == CSV:
        csv_encoding(upload)
    return inspected


def _check_unpacked_size(file: IO[bytes], size: int) -> None:
    limit = min(MAX_UNPACK_RATIO * size, MAX_UNPACKED_UPLOADS * settings.UPLOAD_MAX_BYTES)
    try:
        with zipfile.ZipFile(file) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
    finally:
        file.seek(0)
    if unpacked > limit:
        raise ValidationError(
            UNPACKS_TOO_LARGE,
            code="unpacked_too_large",
            params={"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
        )


def csv_encoding(file: IO[bytes]) -> str:
    """``utf-8-sig`` when the whole file is UTF-8 (the mark, if any, is dropped), else ``cp874``.

    Read in chunks, so a large file is never held whole in memory.
    """
    for encoding in ("utf-8-sig", "cp874"):
        decoder = codecs.getincrementaldecoder(encoding)()
        file.seek(0)
        try:
            for chunk in iter(lambda: file.read(CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            file.seek(0)
        return encoding
    raise ValidationError(UNKNOWN_ENCODING, code="encoding")


def read_rows(file: IO[bytes], content_type: str) -> Iterator[Sequence[Cell]]:
    """The rows of the file (of its first sheet), one list of cells at a time.

    Raises ValidationError when the file turns out not to be readable, even half-way.
    """
    if content_type == CSV:
        return _csv_rows(file)
    return _workbook_rows(file)


def _csv_rows(file: IO[bytes]) -> Iterator[Sequence[Cell]]:
    reader = codecs.getreader(csv_encoding(file))
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(reader(file).read(CHUNK), delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    file.seek(0)
    text = reader(file)
    try:
        yield from csv.reader(text, dialect)
    except csv.Error as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error


def _workbook_rows(file: IO[bytes]) -> Iterator[Sequence[Cell]]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(file)
        rows = workbook.get_sheet_by_index(0).iter_rows()
        yield from rows
    except python_calamine.CalamineError as error:
        raise ValidationError(UNREADABLE, code="unreadable") from error
