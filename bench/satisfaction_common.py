"""What the satisfaction bench scripts share: the environment they run Django in."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = os.environ.get("BENCH_DATABASE", "ita_sat_bench")
ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.satisfaction_settings",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "DEBUG": "0",
}


def setup_django() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env={**os.environ, **ENV}, check=True, cwd=ROOT)  # noqa: S603


def create_database() -> None:
    """Create the benchmark database if it is missing, and bring its schema up to date."""
    names = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT datname FROM pg_database"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if DATABASE not in names:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)  # noqa: S603, S607
    manage("migrate", "--noinput", "-v0")
