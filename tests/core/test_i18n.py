"""Thai is the default language, English the second; the Thai catalogue is complete."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

THAI_PO = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
# Apps with their own templates keep their own catalogue (<app>/locale/); each must be complete too.
THAI_CATALOGUES = [THAI_PO, *sorted(Path(settings.BASE_DIR).glob("*/locale/th/LC_MESSAGES/django.po"))]
each_catalogue = pytest.mark.parametrize(
    "catalogue", THAI_CATALOGUES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
THAI_LETTER = re.compile(r"[\u0e00-\u0e7f]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w+\}")

needs_thai_po = pytest.mark.skipif(not THAI_PO.exists(), reason="locale/th/LC_MESSAGES/django.po not written yet")


@dataclass
class PoEntry:
    line: int
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str = ""
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(literal: str) -> str:
    return json.loads(literal)  # a PO string is a double-quoted, C-escaped literal


def parse_po(path: Path) -> list[PoEntry]:
    """Entries of a .po file, header and obsolete (#~) entries included as they are written."""
    entries: list[PoEntry] = []
    entry: PoEntry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # which string a continuation line extends

    def start(line_number: int) -> PoEntry:
        nonlocal entry, flags
        entry = PoEntry(line=line_number, flags=flags)
        flags = set()
        entries.append(entry)
        return entry

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{path}:{number}: continuation outside an entry")
            name, index = target
            text = _unquote(line)
            if name == "msgstr":
                entry.msgstr[index] += text
            else:
                setattr(entry, name, getattr(entry, name) + text)
        elif keyword == "msgctxt":
            start(number).msgctxt = _unquote(rest)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            if target != ("msgctxt", 0):  # else this msgid belongs to the msgctxt just read
                start(number)
            entry.msgid = _unquote(rest)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.msgid_plural = _unquote(rest)
            target = ("msgid_plural", 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    return entries


def placeholders_of(entry: PoEntry) -> set[str]:
    return set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))


def messages_of(path: Path) -> list[PoEntry]:
    """The translatable messages: every entry except the header (msgid "")."""
    return [entry for entry in parse_po(path) if entry.msgid]


# --- the parser itself ------------------------------------------------------


def test_the_po_parser_reads_flags_plurals_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: th\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Hello %(name)s"\nmsgstr "สวัสดี %(name)s"\n\n'
        'msgid ""\n"two "\n"lines"\nmsgstr ""\n\n'
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "เปิด"\n\n'
        'msgid "one item"\nmsgid_plural "%(n)s items"\nmsgstr[0] "%(n)s รายการ"\n\n'
        '#~ msgid "gone"\n#~ msgstr "หายไป"\n',
        encoding="utf-8",
    )
    entries = parse_po(po)
    assert [e.msgid for e in entries] == ["", "Hello %(name)s", "two lines", "Open", "one item"]
    assert entries[0].msgstr == {0: "Language: th\n"}
    assert entries[1].flags == {"fuzzy", "python-format"}
    assert entries[2].msgstr == {0: ""}
    assert entries[3].msgctxt == "menu"
    assert entries[4].msgid_plural == "%(n)s items"
    assert entries[4].msgstr == {0: "%(n)s รายการ"}


# --- the Thai catalogue -----------------------------------------------------


@needs_thai_po
@each_catalogue
def test_every_thai_message_is_translated(catalogue):
    missing = [
        e.label() for e in messages_of(catalogue) if not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    assert not missing, f"{len(missing)} untranslated messages in {catalogue}:\n" + "\n".join(missing)


@needs_thai_po
@each_catalogue
def test_no_thai_message_is_fuzzy(catalogue):
    fuzzy = [e.label() for e in messages_of(catalogue) if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy messages (Django ignores them):\n" + "\n".join(fuzzy)


@needs_thai_po
@each_catalogue
def test_thai_messages_keep_their_placeholders(catalogue):
    wrong = [
        f"{entry.label()} -> {text!r}"
        for entry in messages_of(catalogue)
        for text in entry.msgstr.values()
        if text and set(PLACEHOLDER.findall(text)) != placeholders_of(entry)
    ]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@needs_thai_po
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
