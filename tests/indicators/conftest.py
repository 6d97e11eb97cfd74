"""Fixtures of the indicators tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The shared `users` fixture hashes six passwords per test; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
