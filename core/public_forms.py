"""What every public form (no login: rating, complaint, verification) needs against abuse.

- `client_ip`: the client's address, behind the same proxy headers the log-in lockout trusts
  (AXES_IP_HEADERS), so one setting serves both; django-ratelimit's `key="ip"` uses it too
  (RATELIMIT_IP_META_KEY points here).
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
    for header in settings.AXES_IPWARE_META_PRECEDENCE_ORDER:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[0].strip()
    return ""


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
