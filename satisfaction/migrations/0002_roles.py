"""Give the roles their satisfaction permissions (see the satisfaction block of core/roles.py)."""

from django.db import migrations


def sync(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("satisfaction", "0001_initial"),
        ("core", "0002_roles"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
