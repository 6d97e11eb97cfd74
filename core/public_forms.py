"""What every public form (no login: rating, complaint, verification) needs against abuse.

- `client_ip`: the client's address, as the trusted reverse proxies (TRUSTED_PROXY_COUNT) saw it;
  the log-in lockout (AXES_CLIENT_IP_CALLABLE) and django-ratelimit's `key="ip"`
  (RATELIMIT_IP_META_KEY) use it too, so one setting serves every limit.
- A one-time form token: signed (so it cannot be forged), dated (so an old page expires) and
  carrying a random nonce that the app stores in a unique column, so a double tap or a replayed
  POST is stored once.
- A honeypot field that people never see and robots fill in.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, QueryDict

HONEYPOT_FIELD = "website"


class FormTokenError(Exception):
    """The token was forged, altered or is too old."""


def client_ip(request: HttpRequest) -> str:
    """The address the request came from, counting back through the proxies we run ourselves.

    Each proxy appends the address it received the request from to X-Forwarded-For, and a client
    can send that header with anything in it: only the last TRUSTED_PROXY_COUNT entries were written
    by our proxies, so the client is the entry just before them, never one further to the left.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def form_token_issue(salt: str, **claims: int | str) -> str:
    """A token for one filling-in of a form; ``claims`` are what the form was issued for."""
    return signing.dumps({**claims, "nonce": secrets.token_urlsafe(12)}, salt=salt, compress=False)


def form_token_read(token: str, salt: str, max_age: int) -> dict:
    """The claims of a genuine, fresh token, with its "nonce"; FormTokenError otherwise."""
    try:
        claims = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise FormTokenError from error
    if not isinstance(claims, dict) or not isinstance(claims.get("nonce"), str):
        raise FormTokenError
    return claims


def honeypot_filled(data: QueryDict) -> bool:
    return bool(data.get(HONEYPOT_FIELD))
