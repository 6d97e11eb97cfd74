"""A real Celery worker (a separate process) on a real Redis, against the test database.

Why a process and these conditions:
- The worker must see the rows the test wrote, so the test commits them
  (`django_db(transaction=True)`), and the worker opens the same database: PostgreSQL works;
  pytest-django's in-memory SQLite test database exists only inside the test process, so on
  SQLite these tests are skipped with that reason (CI runs on PostgreSQL).
- Redis comes from TEST_REDIS_URL (default redis://127.0.0.1:6379/3). Nothing is flushed: each
  run uses its own queue name, and deletes only that queue when done, so a developer's worker
  on the same Redis neither steals nor loses messages.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# With parallel test processes (pytest-xdist), the worker tests run one after another in one of them:
# each starts Celery processes of its own, and several at once on a small machine miss their time limits.
REALWORKER_GROUP = "realworker"
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def redis_unreachable_reason() -> str | None:
    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError) as exc:
        return f"Redis at {TEST_REDIS_URL} is unreachable ({exc}); set TEST_REDIS_URL to run the worker tests"
    return None


def database_url() -> str:
    """The test database as a URL a second process can open, or skip."""
    settings = connection.settings_dict
    if settings["ENGINE"] != "django.db.backends.postgresql":
        (pytest.fail if os.environ.get("REQUIRE_WORKER_TESTS") else pytest.skip)(
            "a worker process cannot open the in-memory SQLite test database: "
            "run with DATABASE_URL=postgres://… (as .ci/run does) to run the worker tests"
        )
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def worker_ready(db) -> None:
    """Skip (or, in CI, fail) before building any data when no worker can run; then the role groups,
    whatever an earlier transactional test left.

    Worker tests commit (transaction=True) and ask for serialized_rollback, but after the browser
    tests the connection no longer carries its serialized copy (Playwright's event loop gives the
    thread another connection object), and the flush of the previous transactional test leaves the
    migration data gone. The groups are what these tests need; content types and deadlines come back
    by themselves.
    """
    from django.apps import apps

    from core.roles import sync_roles

    _require_redis()
    database_url()
    sync_roles(apps)


class Worker:
    """One or more worker nodes on a private queue, and a client app to send them tasks."""

    def __init__(self, *, mail_dir: Path, media_root: Path, nodes: int = 1, concurrency: int = 1, **env: str):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.mail_dir = mail_dir
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "tests.realworker.settings",
            "DEBUG": "1",
            "REDIS_URL": TEST_REDIS_URL,
            "DATABASE_URL": database_url(),
            "MEDIA_ROOT": str(media_root),
            "TEST_MAIL_DIR": str(mail_dir),
            "TEST_CELERY_QUEUE": self.queue,
            "NOTIFICATION_RETRY_BACKOFF": "1",
            "NOTIFICATION_MAX_RETRIES": "2",
            **env,
        }
        self.nodes, self.concurrency = nodes, concurrency
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.client = Celery("test-client", broker=TEST_REDIS_URL, backend=TEST_REDIS_URL, set_as_current=False)
        self.client.conf.task_default_queue = self.queue

    def start(self) -> None:
        for n in range(self.nodes):
            log = self.mail_dir.parent / f"{self.queue}-{n}.log"
            command = [sys.executable, "-m", "celery", "-A", "takbai_ita", "worker", "-l", "info"]
            command += ["-P", "prefork", "-c", str(self.concurrency), "-n", f"{self.queue}-{n}@%h"]
            command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
            with log.open("wb") as out:
                self.processes.append(
                    subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
                )
            self.logs.append(log)
        deadline = time.monotonic() + 60
        while not all(" ready." in log.read_text(errors="replace") for log in self.logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                self.stop()
                raise RuntimeError(f"the test worker did not start:\n{self.log_text()}")
            time.sleep(0.2)

    def log_text(self) -> str:
        return "\n".join(log.read_text(errors="replace") for log in self.logs)

    def send(self, name: str, *args, **kwargs):
        return self.client.send_task(name, args=args, kwargs=kwargs, queue=self.queue)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(TEST_REDIS_URL).delete(self.queue)
        self.client.close()


def _require_redis() -> None:
    reason = redis_unreachable_reason()
    if reason:
        # CI sets REQUIRE_WORKER_TESTS so a missing Redis fails the run instead of hiding the tests.
        if os.environ.get("REQUIRE_WORKER_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)


@contextlib.contextmanager
def running_worker(tmp_path: Path, **options) -> Iterator[Worker]:
    _require_redis()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    worker = Worker(mail_dir=mail_dir, media_root=tmp_path / "media", **options)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()


def wait_until(predicate, *, timeout: float = 60, what: str = "the worker") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)
