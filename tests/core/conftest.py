"""Fixtures for the core tests only."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The default PBKDF2 makes every test user cost a third of a second; these tests do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
