"""Hostile values at every form field, query parameter and URL argument of the URL catalogue
(tests/catalogue.py), wrong methods and missing CSRF tokens: never a server error, a Thai message or a
safe default, and nothing saved by a refused form."""

import hashlib
import re
from urllib.parse import quote

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from core.text import CONTROL_CHARACTER_MESSAGE
from tests.catalogue import ANONYMOUS, OK, ROLES, WRITE_METHODS, Entry, Samples, entries, view_of

pytestmark = pytest.mark.django_db

ENTRIES = entries()
MARKUP = "<script>alert(1)</script>"
CONTROL_VALUES = {"nul": "ab\x00cd", "control": "ab\x01cd", "escape": "ab\x1b[31mcd"}
HOSTILE = {
    "empty": "",
    "overlong": "ก" * 100_000,
    **CONTROL_VALUES,
    "superscript two": "²",
    "arabic-indic three": "٣",
    "thai three": "๓",
    "zero": "0",
    "minus one": "-1",
    "99999": "99999",
    "2^63": str(2**63),
    "2^64": str(2**64),
    "last day": "9999-12-31",
    "first day": "0001-01-01",
    "B.E. year as C.E.": "2564-03-15",
    "31 February": "31/02/2564",
    "markup": MARKUP,
    "formula": '=HYPERLINK("x")',
}
URL_HOSTILE = ["0", "-1", "99999", str(2**63), str(2**64), "²", "٣", "๓", "%00", MARKUP, "x" * 5000]
THAI_LETTER = re.compile(r"[\u0e00-\u0e7f]")
PORTAL_APPS = ("core", "indicators", "complaints", "satisfaction", "schedules", "notifications")
# Written by any request of a logged-in user, whatever the form says.
VOLATILE = {("auth", "user"): {"last_login"}}


def each_entry(selected: list[Entry]):
    return pytest.mark.parametrize("entry", selected, ids=[entry.key for entry in selected])


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The suite sends a public form hundreds of times from one address: counting is tested elsewhere."""
    settings.RATELIMIT_ENABLE = False


def first_role_let_in(entry: Entry) -> str:
    """The coordinator where they may (they may also post: the o16 suggestions), else the first role let in."""
    let_in = [role for role in ROLES if entry.expected(role) == OK]
    return "coordinator" if "coordinator" in let_in else let_in[0]


def client_as(samples: Samples, role: str, **options) -> Client:
    client = Client(**options)
    if role != ANONYMOUS:
        client.force_login(samples.users[role])
    return client


def read(response) -> bytes:
    """The whole body: a stream that breaks halfway raises here, as the download would."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def database_state() -> str:
    """A hash of every row of the portal's tables: equal before and after means nothing was saved."""
    digest = hashlib.sha256()
    models = [model for label in PORTAL_APPS for model in apps.get_app_config(label).get_models()]
    for model in (*models, apps.get_model("auth", "User"), apps.get_model("auth", "Group")):
        skipped = VOLATILE.get((model._meta.app_label, model._meta.model_name), set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skipped]
        for row in model._default_manager.order_by("pk").values_list(*names):
            digest.update(repr(row).encode())
    return digest.hexdigest()


class Findings(list):
    """What went wrong over all the values tried: one test names every failing value, not only the first."""

    def check(self, condition: bool, what: str) -> bool:
        if not condition:
            self.append(what)
        return condition

    def assert_none(self) -> None:
        assert not self, "\n".join(self)


def server_error(response, findings: Findings, what: str) -> bytes:
    try:
        body = read(response)
    except Exception as error:  # a stream that breaks halfway: the download stops with a server error
        findings.append(f"{what}: the stream broke ({error!r})")
        return b""
    findings.check(response.status_code < 500, f"{what}: {response.status_code}")
    return body


def get(client: Client, url: str, data: dict | None, findings: Findings, what: str) -> bytes:
    try:
        response = client.get(url, data)
    except Exception as error:  # the test client re-raises the view's exception
        findings.append(f"{what}: {error!r}"[:300])
        return b""
    return server_error(response, findings, what)


# --- query parameters ------------------------------------------------------------------------------


WITH_QUERY = [entry for entry in ENTRIES if entry.query_params and entry.handles_get]


@each_entry(WITH_QUERY)
def test_hostile_query_parameters(catalogue_samples, entry):
    client = client_as(catalogue_samples, first_role_let_in(entry))
    url = entry.url(catalogue_samples)
    findings = Findings()
    for param in entry.query_params:
        for label, value in HOSTILE.items():
            body = get(client, url, entry.query_params | {param: value}, findings, f"?{param}={label}")
            findings.check(MARKUP.encode() not in body, f"?{param}: markup shown as is")
    findings.assert_none()


GET_PAGES = [entry for entry in ENTRIES if entry.handles_get and not entry.name.startswith("admin:")]


@each_entry(GET_PAGES)
def test_a_unicode_digit_as_year_or_page_is_read_safely(catalogue_samples, entry):
    """``?year=²`` passed str.isdigit() and failed int(): a server error on eleven pages."""
    client = client_as(catalogue_samples, first_role_let_in(entry))
    url = entry.url(catalogue_samples)
    findings = Findings()
    for digit in ("²", "٣", "๓", str(2**64)):
        get(client, url, {"year": digit, "page": digit}, findings, f"?year={digit}&page={digit}")
    findings.assert_none()


# --- URL arguments ---------------------------------------------------------------------------------


@each_entry([entry for entry in ENTRIES if entry.takes_arguments])
def test_hostile_url_arguments(catalogue_samples, entry):
    client = client_as(catalogue_samples, first_role_let_in(entry))
    method = "GET" if entry.handles_get else "POST"
    url = entry.url(catalogue_samples)
    findings = Findings()
    for name, value in entry.args(catalogue_samples).items():
        # The argument's own value marks its place in the address (the last occurrence: a path's
        # fixed parts come first).
        before, found, after = url.rpartition(quote(str(value), safe=""))
        assert found, (url, value)
        for hostile in URL_HOSTILE:
            spoiled = before + quote(hostile, safe="") + after
            what = f"{name}={hostile[:20]!r}"
            try:
                response = client.generic(method, spoiled)
            except Exception as error:
                findings.append(f"{what}: {error!r}"[:300])
                continue
            body = server_error(response, findings, what)
            findings.check(MARKUP.encode() not in body, f"{what}: markup shown as is")
    findings.assert_none()


# --- form fields -------------------------------------------------------------------------------------

WITH_FORMS = [entry for entry in ENTRIES if entry.form_fields]


def text_fields_of(client: Client, url: str) -> set[str]:
    """The names of the text fields of the form the page shows (those that store what is typed)."""
    from django import forms

    context = client.get(url).context
    contexts = context if isinstance(context, list) else [context]  # a ContextList when templates include others
    found = set()
    for value in (value for each in contexts for value in each.flatten().values()):
        form = getattr(value, "form", value)  # the admin wraps its form (AdminForm)
        if isinstance(form, forms.BaseForm):
            found |= {name for name, field in form.fields.items() if isinstance(field, forms.CharField)}
    return found


def thai_message_shown(body: bytes) -> bool:
    with translation.override("th"):
        return str(CONTROL_CHARACTER_MESSAGE) in body.decode()


@each_entry(WITH_FORMS)
def test_hostile_form_values(catalogue_samples, entry):
    samples = catalogue_samples
    client = client_as(samples, first_role_let_in(entry))
    url = entry.url(samples)
    text_fields = text_fields_of(client, url) if entry.handles_get else set()
    findings = Findings()
    state = database_state()
    for field in entry.form_fields(samples):
        for label, value in HOSTILE.items():
            what = f"{field}={label}"
            try:
                response = client.post(url, entry.form_fields(samples) | {field: value})
            except Exception as error:
                findings.append(f"{what}: {error!r}"[:300])
                continue
            body = server_error(response, findings, what)
            accepted = response.status_code == 302
            before, state = state, database_state()
            if not accepted:
                findings.check(state == before, f"{what}: refused, yet something was saved")
            if label in CONTROL_VALUES and field in text_fields:
                findings.check(not accepted, f"{what}: control characters accepted")
                findings.check(accepted or thai_message_shown(body), f"{what}: no Thai message")
    findings.assert_none()


@each_entry([entry for entry in WITH_FORMS if not entry.django_view])
def test_the_sample_form_is_accepted(catalogue_samples, entry):
    """The valid values the suite spoils are valid: each hostile value is then the only thing wrong."""
    client = client_as(catalogue_samples, first_role_let_in(entry))
    response = client.post(entry.url(catalogue_samples), entry.form_fields(catalogue_samples))
    assert response.status_code == 302, response.content.decode()[:2000]


# --- methods and CSRF -------------------------------------------------------------------------------


@each_entry([entry for entry in ENTRIES if not entry.django_view])
def test_methods_a_view_does_not_handle_get_405(catalogue_samples, entry):
    client = client_as(catalogue_samples, first_role_let_in(entry))
    url = entry.url(catalogue_samples)
    for method in (*WRITE_METHODS, *(m for m in ("GET", "POST") if m not in entry.methods)):
        response = client.generic(method, url)
        read(response)
        assert response.status_code == 405, method


# The rating form is exempt: a phone scanning the QR code may have no cookie; its signed one-time form
# token (satisfaction.services.form_token_read) stands in.
POSTED = [entry for entry in ENTRIES if "POST" in entry.methods and not getattr(view_of(entry), "csrf_exempt", False)]


@each_entry(POSTED)
def test_a_post_without_csrf_token_gets_the_friendly_refusal(catalogue_samples, entry):
    url = entry.url(catalogue_samples)
    client = client_as(catalogue_samples, first_role_let_in(entry), enforce_csrf_checks=True)
    before = database_state()
    response = client.post(url, entry.form_fields(catalogue_samples) if entry.form_fields else {})
    assert response.status_code == 403
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in response.content.decode()
    assert database_state() == before
