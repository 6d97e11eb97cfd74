"""Create the role groups (staff, coordinator, executive, auditor) with their permissions."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    # Named migrations, never the latest of an app: a moving dependency makes a database migrated earlier
    # inconsistent as soon as that app gains a migration (InconsistentMigrationHistory on upgrade).
    dependencies = [
        ("core", "0001_initial"),
        ("indicators", "0001_initial"),
        ("auditlog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
