"""`make run`'s start script decides whether Redis is there: with it, a worker and beat on it; without it,
the portal must not use Redis at all (an unreachable REDIS_URL would still be its cache and broker)."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.realworker import TEST_REDIS_URL, redis_unreachable_reason

ROOT = Path(__file__).resolve().parents[2]
# Stand-ins for the virtualenv's programs: the real Python for the Redis check, and a runserver
# and celery that only say how they were started.
# The server waits (at most 10 s) until the background worker and beat have spoken: the script
# stops them when the server exits, and on a busy machine that could come before their first line.
FAKE_PYTHON = f"""#!/bin/sh
if [ "$1" = "-c" ]; then exec "{sys.executable}" "$@"; fi
if [ -n "$REDIS_URL" ]; then
  for _ in $(seq 100); do [ "$(ls celery-started-* 2>/dev/null | wc -l)" -ge 2 ] && break; sleep 0.1; done
fi
echo "server: $* REDIS_URL=[${{REDIS_URL-unset}}]"
"""
FAKE_CELERY = """#!/bin/sh
echo "celery: $* REDIS_URL=[${REDIS_URL-unset}]"
touch "celery-started-$$"
"""


def _start(tmp_path: Path, **env: str) -> str:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "dev-server.sh", tmp_path / "scripts")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, text in (("python", FAKE_PYTHON), ("celery", FAKE_CELERY)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | env
    result = subprocess.run(
        ["bash", "scripts/dev-server.sh", "127.0.0.1:8765"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_redis_set_but_down_the_server_runs_without_it(tmp_path):
    output = _start(tmp_path, REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    assert "No Redis at" in output
    assert "server: manage.py runserver 127.0.0.1:8765 REDIS_URL=[]" in output
    assert "celery:" not in output


def test_with_redis_up_the_worker_and_beat_run_on_it(tmp_path):
    if reason := redis_unreachable_reason():
        pytest.skip(reason)
    output = _start(tmp_path, REDIS_URL=TEST_REDIS_URL)
    assert f"server: manage.py runserver 127.0.0.1:8765 REDIS_URL=[{TEST_REDIS_URL}]" in output
    assert output.count(f"REDIS_URL=[{TEST_REDIS_URL}]") == 3  # worker, beat, server
