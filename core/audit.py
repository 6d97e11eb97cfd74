"""The audit log as people read it: which entries each user may see, and each entry's changes in words.

The log is read by roles that may not see everything it records (an auditor without the corruption
permission must not learn that a corruption complaint exists). An app that owns such records
registers a scope in its AppConfig.ready(): given a user, a condition on LogEntry that keeps only
the entries they may see. The audit page and the admin's log-entry list both go through
`entries_visible_to`, so core never needs to know which apps exist.

auditlog's own `changes_display_dict` reads every foreign key of every entry one query at a time;
`rows_with_changes` reads the related records of a whole page at once, one query per kind of record.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .thai import thai_date, thai_datetime

AuditScope = Callable[[User | AnonymousUser], Q | None]  # None: this scope does not narrow the user's view

_scopes: dict[str, AuditScope] = {}

EMPTY = "None"  # how auditlog stores an empty value


def register_audit_scope(name: str, scope: AuditScope) -> None:
    _scopes[name] = scope


def entries_visible_to(user: User | AnonymousUser, entries: QuerySet[LogEntry]) -> QuerySet[LogEntry]:
    for _name, scope in sorted(_scopes.items()):
        condition = scope(user)
        if condition is not None:
            entries = entries.filter(condition)
    return entries


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    entry: LogEntry
    changes: list[Change]


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None  # not a reverse relation


def _referenced_model(field: models.Field | None) -> type[models.Model] | None:
    """The model a foreign key or one-to-one field points at; None for any other field."""
    if field is None or not (field.many_to_one or field.one_to_one):
        return None
    return field.related_model


def _key(related: type[models.Model], value: str) -> object:
    """The related record's primary key, or None when the stored value is not one (an old string label)."""
    try:
        return related._meta.pk.to_python(value)
    except ValidationError:
        return None


def _related_labels(entries: Iterable[LogEntry]) -> dict[tuple[type[models.Model], object], str]:
    wanted: dict[type[models.Model], set] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes_dict.items():
            related = _referenced_model(_field(model, name))
            if related is not None and isinstance(values, list):
                wanted[related].update(
                    key for value in values if value != EMPTY and (key := _key(related, value)) is not None
                )
    labels = {}
    for related, keys in wanted.items():
        for key, record in related._base_manager.in_bulk(keys).items():
            labels[(related, key)] = str(record)
    return labels


def _shown(field: models.Field | None, value, labels: dict) -> str:
    if value is None or value == EMPTY:
        return "—"
    value = str(value)
    if field is None:
        return value
    related = _referenced_model(field)
    if related is not None:
        key = _key(related, value)
        if key is None:
            return value
        return labels.get((related, key), _("deleted record %(pk)s") % {"pk": value})
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value == "True" else _("no") if value == "False" else value
    try:
        if isinstance(field, models.DateTimeField):  # stored as naive UTC
            moment = datetime.datetime.fromisoformat(value)
            return thai_datetime(moment.replace(tzinfo=datetime.UTC) if timezone.is_naive(moment) else moment)
        if isinstance(field, models.DateField):
            return thai_date(datetime.date.fromisoformat(value))
    except ValueError:
        return value
    return value


def _changes(entry: LogEntry, labels: dict) -> list[Change]:
    model = entry.content_type.model_class()
    changes = []
    for name, values in entry.changes_dict.items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name
        if isinstance(values, dict):  # a many-to-many change: which records were added or removed
            objects = ", ".join(str(o) for o in values.get("objects", []))
            if values.get("operation") == "add":
                changes.append(Change(label, "", _("added: %(records)s") % {"records": objects}))
            else:
                changes.append(Change(label, "", _("removed: %(records)s") % {"records": objects}))
            continue
        old, new = (list(values) + [EMPTY, EMPTY])[:2]
        changes.append(Change(label, _shown(field, old, labels), _shown(field, new, labels)))
    return changes


def rows_with_changes(entries: Iterable[LogEntry]) -> list[AuditRow]:
    """Entries (with content_type and actor already joined) and their changes in words."""
    entries = list(entries)
    labels = _related_labels(entries)
    return [AuditRow(entry, _changes(entry, labels)) for entry in entries]
