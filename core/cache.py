"""Rows read on every public page (the organisation, a service point, the year's questions) kept in the cache.

A QR form opened by a queue of phones should not ask the database the same three questions each
time. Each cached read names the models whose change makes it stale; a save or delete of one of
them drops the key at once and again when its transaction commits, so a reader that slipped in
between cannot keep the old row. Without Redis the cache is per process: the timeout bounds how
long another process may show a stale row.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

TIMEOUT = 300
_NOTHING = "core.cache:nothing"  # caches a "no such row" answer, which None cannot


def cached(key: str, load: Callable[[], T], timeout: int = TIMEOUT, *, keep_missing: bool = True) -> T:
    """The cached value of ``key``, loaded (and cached) when missing.

    ``keep_missing=False`` does not cache a None: for keys taken from a URL, so that made-up
    values cannot fill the cache.
    """
    value = cache.get(key)
    if value is None:
        value = load()
        if value is not None or keep_missing:
            cache.set(key, _NOTHING if value is None else value, timeout)
    # Only a load that returned None stored _NOTHING, so T admits None here.
    return cast(T, None) if value == _NOTHING else value


def forget(keys: Iterable[str]) -> None:
    keys = list(keys)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_on_change(model: type[Model], keys_of: Callable[[Model], Iterable[str]]) -> None:
    """Drop the keys ``keys_of(instance)`` names whenever an instance of ``model`` is saved or deleted."""

    def receiver(sender, instance, **kwargs):
        forget(keys_of(instance))

    uid = f"core.cache:{model._meta.label}:{keys_of.__qualname__}"
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
