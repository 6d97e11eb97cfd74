"""The URL catalogue (tests/catalogue.py) lists every URL of the portal, and each role gets from each URL
what the catalogue says: the page, the log-in page, a refusal or "not found"."""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.catalogue import (
    ANONYMOUS,
    LOGIN,
    OK,
    ROLES,
    Entry,
    Samples,
    catalogued,
    entries,
    resolver_patterns,
)

ENTRIES = entries()


def each_entry(selected: list[Entry]):
    return pytest.mark.parametrize("entry", selected, ids=[entry.key for entry in selected])


def test_every_url_pattern_is_in_the_catalogue():
    missing = sorted(resolver_patterns() - catalogued())
    assert not missing, "URL patterns the catalogue does not list (add them to tests/catalogue.py):\n" + "\n".join(
        missing
    )


def test_every_catalogue_entry_is_a_url_pattern():
    assert not sorted(catalogued() - resolver_patterns())


def test_entries_are_listed_once():
    keys = [entry.key for entry in ENTRIES]
    assert len(keys) == len(set(keys))


def client_as(samples: Samples, role: str, **options) -> Client:
    client = Client(**options)
    if role != ANONYMOUS:
        client.force_login(samples.users[role])
    return client


def request(client: Client, entry: Entry, samples: Samples, method: str | None = None, **extra):
    """One request of ``entry``: a GET, or a POST of its valid form for a POST-only action. Streams are read
    to their end, so an error halfway through a download fails the test too."""
    method = method or ("GET" if entry.handles_get else "POST")
    url = entry.url(samples)
    if method == "POST":
        data = entry.form_fields(samples) if entry.form_fields else {}
        response = client.post(url, data, **extra)
    else:
        response = client.generic(method, url, **extra)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def outcome(response, entry: Entry) -> int | str:
    if response.status_code == 302 and response["Location"].startswith(entry.login_url):
        return LOGIN
    if response.status_code == entry.ok_status:
        return OK
    return response.status_code


@pytest.mark.django_db
@each_entry(ENTRIES)
def test_each_role_gets_what_the_catalogue_says(catalogue_samples, entry):
    got, wanted = {}, {}
    for role in ROLES:
        with transaction.atomic():  # each role finds the samples as they were (a deleting POST is undone)
            got[role] = outcome(request(client_as(catalogue_samples, role), entry, catalogue_samples), entry)
            transaction.set_rollback(True)
        wanted[role] = entry.expected(role)
    assert got == wanted


# --- the language the pages are served in -------------------------------------------------------------

HTML_LANG = re.compile(r'<html[^>]*\blang="([a-z-]+)"')


def first_role_let_in(entry: Entry) -> str:
    return next(role for role in ROLES if entry.expected(role) == OK)


PAGES = [entry for entry in ENTRIES if entry.handles_get and not entry.download and entry.ok_status == 200]


@pytest.mark.django_db
@each_entry(PAGES)
@pytest.mark.parametrize("language", ["th", "en"])
def test_every_page_renders_in_each_language(catalogue_samples, entry, language):
    client = client_as(catalogue_samples, first_role_let_in(entry))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = request(client, entry, catalogue_samples, "GET")
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        found = HTML_LANG.search(response.content.decode())
        assert found, "an HTML page without <html lang>"
        assert found.group(1) == language
