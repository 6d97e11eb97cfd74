"""Settings of the test suite: the portal's own development settings, plus what only tests want.

pytest reads this module (pyproject.toml, and `make test` names it), so a plain `pytest` needs no
exported variables. Everything stays real: the database of DATABASE_URL, Redis when REDIS_URL is set.
"""

import os

# The settings below read the environment when imported: tests run in development mode (no HTTPS
# redirect, no required SECRET_KEY) unless DEBUG is given explicitly.
os.environ.setdefault("DEBUG", "1")

from takbai_ita.settings import *  # noqa: E402, F403
from takbai_ita.settings import STORAGES  # noqa: E402

# PBKDF2 makes every test user cost a third of a second; no test here is about the hashing itself.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages render without `collectstatic`: the manifest storage of production needs its manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
