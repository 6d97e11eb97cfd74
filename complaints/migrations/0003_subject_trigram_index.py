"""On PostgreSQL, a trigram index so searching complaint subjects does not read every row.

`icontains` compiles to UPPER(subject) LIKE UPPER('%…%'); a GIN trigram index on that expression
serves it. Creating the pg_trgm extension needs a privileged role: without it the index is skipped
and search still works, only slower. Other databases need nothing.
"""

from django.db import migrations, transaction

INDEX = "complaints_subject_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS {INDEX} ON complaints_complaint USING gin (UPPER("subject"::text) gin_trgm_ops)'
            )
    except Exception:  # noqa: BLE001 - lacking the privilege must not stop the deployment
        return


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_roles_and_default_categories")]

    operations = [migrations.RunPython(forwards, backwards)]
