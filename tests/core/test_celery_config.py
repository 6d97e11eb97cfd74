"""The Celery app takes its broker from REDIS_URL, and runs tasks in-process without it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from takbai_ita.celery import app
from django.conf import settings
print(json.dumps({
    "broker": app.conf.broker_url,
    "eager": app.conf.task_always_eager,
    "cache": settings.CACHES["default"]["BACKEND"],
    "timezone": app.conf.timezone,
}))
"""


def _probe(**env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    environment |= {"DJANGO_SETTINGS_MODULE": "takbai_ita.settings", "DEBUG": "1", **env}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_tasks_run_in_process():
    config = _probe()
    assert config["eager"] is True
    assert config["broker"] == "memory://"
    assert config["cache"].endswith("LocMemCache")
    assert config["timezone"] == "Asia/Bangkok"


def test_with_redis_the_broker_and_cache_are_redis():
    config = _probe(REDIS_URL="redis://127.0.0.1:6379/3")
    assert config["eager"] is False
    assert config["broker"] == "redis://127.0.0.1:6379/3"
    assert config["cache"].endswith("RedisCache")
