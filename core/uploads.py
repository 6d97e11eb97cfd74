"""Checking uploads by their content, and storing them under names nobody can guess.

Every app that accepts files (evidence, complaint attachments, logos) goes
through `inspect_upload`, so the allowed types and the size cap live here once.
"""

import hashlib
import secrets
import zipfile
from dataclasses import dataclass
from typing import Protocol

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EMPTY_FILE = _("The file is empty.")
FILE_TOO_LARGE = _("The file is %(size)s; the largest file accepted is %(limit)s.")
FILE_TYPE_REFUSED = _("This kind of file is not accepted. Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file.")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# What a file without a known signature and without a NUL byte in its first 8 KB is taken for.
# Only spreadsheet imports allow it, and their reader refuses what does not decode as a CSV.
CSV = "text/csv"

# MIME type -> the extension the stored file gets, whatever the uploader named it.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    DOCX: "docx",
    XLSX: "xlsx",
}
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png"}

# The part every genuine Office Open XML package of that kind contains.
_OOXML_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}


@dataclass(frozen=True)
class InspectedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str
    original_name: str


def _detect(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return CSV if head and b"\x00" not in head else None
    if kind.mime == "application/zip" or kind.mime in _OOXML_MAIN_PART:
        return _ooxml_type(upload)
    return kind.mime


def _ooxml_type(upload: UploadedFile) -> str | None:
    """A .docx/.xlsx is a ZIP; only a package with the right main part counts."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for mime, part in _OOXML_MAIN_PART.items():
        if part in names:
            return mime
    return None


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def inspect_upload(upload: UploadedFile, allowed: dict[str, str] = ALLOWED_TYPES) -> InspectedUpload:
    """Return what the file really is, or raise ValidationError with a message for the uploader."""
    limit = settings.UPLOAD_MAX_BYTES
    size = upload.size or 0  # Django sizes every uploaded file; one without a size is refused as empty
    if size == 0:
        raise ValidationError(EMPTY_FILE, code="empty")
    if size > limit:
        raise ValidationError(
            FILE_TOO_LARGE,
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    mime = _detect(upload)
    if mime not in allowed:
        raise ValidationError(FILE_TYPE_REFUSED, code="type")
    return InspectedUpload(
        content_type=mime,
        extension=allowed[mime],
        size=size,
        sha256=sha256_of(upload),
        original_name=(upload.name or "")[-200:],
    )


class KeepsUpload(Protocol):
    """A model that keeps an upload: its file and what the file is."""

    file: FieldFile
    content_type: str
    sha256: str

    @property
    def size(self) -> int | None: ...  # evidence that is a link has none

    @size.setter
    def size(self, value: int) -> None: ...


def store_upload(
    instance: KeepsUpload, content: File, inspected: InspectedUpload, *, stem: str, name_field: str = "original_name"
) -> None:
    """Put a checked file on ``instance`` (not saved yet): its ``file`` as ``<stem>.<real extension>``
    under a random path, and what the file is: its type, size, SHA-256 and the uploader's name for it
    (in ``name_field``). Every model keeping an upload carries these fields."""
    instance.file.save(f"{stem}.{inspected.extension}", content, save=False)
    setattr(instance, name_field, inspected.original_name)
    instance.content_type = inspected.content_type
    instance.size = inspected.size
    instance.sha256 = inspected.sha256


@deconstructible
class private_upload_path:  # noqa: N801 - used like a function in upload_to=
    """upload_to= callable: `<prefix>/<year>/<random>.<ext>`, never the uploader's name."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"{self.prefix}/{timezone.now():%Y}/{secrets.token_hex(16)}.{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, private_upload_path) and other.prefix == self.prefix
