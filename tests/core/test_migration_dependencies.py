"""Migrations name their dependencies: a moving "__latest__" breaks every database migrated earlier."""

from pathlib import Path

import pytest
from django.conf import settings

LOCAL_MIGRATIONS = sorted(
    path for app in settings.LOCAL_APPS for path in (Path(settings.BASE_DIR) / app / "migrations").glob("[0-9]*.py")
)


@pytest.mark.parametrize("migration", LOCAL_MIGRATIONS, ids=lambda path: f"{path.parent.parent.name}/{path.name}")
def test_no_migration_depends_on_whatever_is_latest(migration):
    # Once a database has applied this migration, a dependency that later moves to a newer migration
    # of another app is "applied after its dependent": InconsistentMigrationHistory on the next upgrade.
    assert '"__latest__")' not in migration.read_text(encoding="utf-8")
