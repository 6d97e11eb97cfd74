"""Give the roles their calendar and notification permissions, create the default periodic tasks
(Asia/Bangkok), and the default ITA calendar of every fiscal year that already exists."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def forwards(apps, schema_editor):
    from core.roles import sync_roles
    from core.beat import ensure_schedules
    from schedules.defaults import default_deadlines

    sync_roles(apps)
    ensure_schedules(apps)
    FiscalYear = apps.get_model("core", "FiscalYear")
    Deadline = apps.get_model("schedules", "Deadline")
    with translation.override(settings.LANGUAGE_CODE):
        for fiscal_year in FiscalYear.objects.all():
            for spec in default_deadlines(fiscal_year.year):
                Deadline.objects.get_or_create(
                    fiscal_year=fiscal_year,
                    kind=spec.kind,
                    defaults={
                        "title": spec.title,
                        "description": spec.description,
                        "starts_on": spec.starts_on,
                        "due_on": spec.due_on,
                    },
                )


class Migration(migrations.Migration):
    dependencies = [
        ("schedules", "0001_initial"),
        ("notifications", "0001_initial"),
        ("core", "0004_organisation_coordinating_department"),
        ("indicators", "0003_evidence_from_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auditlog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
