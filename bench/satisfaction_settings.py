"""Settings for the satisfaction benchmarks: the product's, served as in production, plus a bare view.

The scripts set DATABASE_URL (PostgreSQL), REDIS_URL and SECRET_KEY in the environment before Django loads this.
"""

import os
import warnings

from takbai_ita.settings import *  # noqa: F403

# No collectstatic for a benchmark: WhiteNoise need not say so on every start.
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")

ROOT_URLCONF = "bench.satisfaction_urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Plain HTTP on the loopback: no HTTPS redirect or secure-only cookies.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Each simulated citizen sends its own address, as people behind a reverse proxy arrive.
TRUSTED_PROXY_COUNT = 1
# Persistent database connections, as a production deployment configures them.
DATABASES["default"]["CONN_MAX_AGE"] = 600  # noqa: F405
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# BENCH_SYNCHRONOUS_COMMIT=off shows how much of a submission is the disk's fsync on COMMIT.
if os.environ.get("BENCH_SYNCHRONOUS_COMMIT"):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        f"-c synchronous_commit={os.environ['BENCH_SYNCHRONOUS_COMMIT']}"
    )
