"""Thai is the default language, English the second; every catalogue is complete and in step with the other."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
THAI_LETTER = re.compile(r"[\u0e00-\u0e7f]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}")


def catalogues(language: str) -> list[Path]:
    """The project's catalogue and those of the apps with their own templates (<app>/locale/)."""
    project = BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    return [project, *sorted(BASE_DIR.glob(f"*/locale/{language}/LC_MESSAGES/django.po"))]


THAI_CATALOGUES = catalogues("th")
ENGLISH_CATALOGUES = catalogues("en")


def each(paths: list[Path]):
    return pytest.mark.parametrize("catalogue", paths, ids=lambda path: str(path.relative_to(BASE_DIR)))


def messages_of(path: Path) -> list[polib.POEntry]:
    """The live messages of a catalogue (polib keeps the header apart; obsolete #~ entries are not used)."""
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete]


def translations_of(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def label(entry: polib.POEntry) -> str:
    return f"line {entry.linenum}: {entry.msgid!r}"


def placeholders_of(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_app_with_a_thai_catalogue_has_an_english_one():
    assert [path.parents[2] for path in THAI_CATALOGUES] == [path.parents[2] for path in ENGLISH_CATALOGUES]


# --- the Thai catalogues ------------------------------------------------------


@each(THAI_CATALOGUES)
def test_every_thai_message_is_translated(catalogue):
    missing = [label(e) for e in messages_of(catalogue) if not all(text.strip() for text in translations_of(e))]
    assert not missing, f"{len(missing)} untranslated messages in {catalogue}:\n" + "\n".join(missing)


@each(THAI_CATALOGUES + ENGLISH_CATALOGUES)
def test_no_message_is_fuzzy(catalogue):
    fuzzy = [label(e) for e in messages_of(catalogue) if e.fuzzy]
    assert not fuzzy, "fuzzy messages (Django ignores them):\n" + "\n".join(fuzzy)


@each(THAI_CATALOGUES + ENGLISH_CATALOGUES)
def test_translations_keep_their_placeholders(catalogue):
    wrong = [
        f"{label(entry)} -> {text!r}"
        for entry in messages_of(catalogue)
        for text in translations_of(entry)
        if text and placeholders_of(text) != placeholders_of(entry.msgid) | placeholders_of(entry.msgid_plural)
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


# --- the English catalogues -----------------------------------------------------
# The msgids are the English text, so an English entry may leave its msgstr empty; but it must be there,
# or `makemessages -l en` was not run after the strings changed.


@pytest.mark.parametrize(
    ("thai", "english"),
    list(zip(THAI_CATALOGUES, ENGLISH_CATALOGUES, strict=True)),
    ids=[str(path.parents[3].relative_to(BASE_DIR)) for path in THAI_CATALOGUES],
)
def test_the_english_catalogue_lists_the_messages_of_the_thai_one(thai, english):
    def keys(path: Path) -> set[tuple[str | None, str]]:
        return {(entry.msgctxt, entry.msgid) for entry in messages_of(path)}

    assert keys(english) == keys(thai)


@pytest.mark.parametrize(
    "msgid",
    [
        "Staff log in",
        "Too many failed log-in attempts",
        "This kind of file is not accepted. Upload a PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx) file.",
        "Page",
    ],
)
def test_the_thai_catalogue_is_compiled_and_used(msgid):
    with translation.override("th"):
        shown = translation.gettext(msgid)
    assert THAI_LETTER.search(shown), (
        f"{msgid!r} is shown untranslated in Thai; translate it and compile the catalogue (make messages)"
    )


# --- the language the pages are served in ----------------------------------


@pytest.mark.django_db
def test_pages_are_thai_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    with translation.override("th"):
        assert translation.gettext("Staff log in") in html


@pytest.mark.django_db
def test_the_language_switch_serves_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Staff log in" in html

    client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    assert '<html lang="th">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_english_browser_gets_english(client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_thai(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="th">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
