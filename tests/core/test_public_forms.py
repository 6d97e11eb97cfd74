"""The public forms' shared protections: one-time tokens, the client's address, the honeypot."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.http import QueryDict
from django.test import RequestFactory

from core.public_forms import FormTokenError, client_ip, form_token_issue, form_token_read, honeypot_filled

SALT = "tests.form"
DAY = 24 * 60 * 60


def test_a_token_gives_back_its_claims_and_a_fresh_nonce():
    first, second = form_token_issue(SALT, point=3), form_token_issue(SALT, point=3)
    claims = form_token_read(first, SALT, DAY)
    assert claims["point"] == 3
    assert len(claims["nonce"]) >= 16
    assert claims["nonce"] != form_token_read(second, SALT, DAY)["nonce"], "every form gets its own nonce"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        form_token_issue(SALT, point=3)[:-2] + "xx",
        form_token_issue("another.form", point=3),
        signing.dumps(["a", "list"], salt=SALT),
        signing.dumps({"point": 3}, salt=SALT),
    ],
    # Named ids: tokens carry a random nonce and a timestamp, and parallel workers (xdist) must
    # collect the same test names.
    ids=["empty", "garbage", "altered-signature", "another-form", "genuine-but-not-our-shape", "no-nonce"],
)
def test_forged_altered_or_foreign_tokens_are_refused(token):
    with pytest.raises(FormTokenError):
        form_token_read(token, SALT, DAY)


def test_an_old_token_expires():
    with time_machine.travel(datetime.datetime(2021, 3, 1, 9, tzinfo=datetime.UTC), tick=False):
        token = form_token_issue(SALT)
    a_day_and_an_hour_later = time_machine.travel(datetime.datetime(2021, 3, 2, 10, tzinfo=datetime.UTC), tick=False)
    with a_day_and_an_hour_later, pytest.raises(FormTokenError):
        form_token_read(token, SALT, DAY)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # The client wrote the first entry itself; our one proxy appended the real address.
        (1, "10.9.9.9, 203.0.113.7", "203.0.113.7"),
        (2, "10.9.9.9, 203.0.113.7, 172.16.0.2", "203.0.113.7"),
        # Fewer entries than proxies (a request from inside): the leftmost there is.
        (2, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_entry_before_them(settings, proxies, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_behind_a_proxy_without_the_header_the_socket_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


def test_only_a_robot_fills_the_honeypot():
    assert honeypot_filled(QueryDict("website=http://spam.example"))
    assert not honeypot_filled(QueryDict("website=&comment=ดีมาก"))
