"""Give the roles their complaint permissions, and create the three default categories."""

from django.db import migrations

DEFAULT_CATEGORIES = [
    # name_th, name_en, is_corruption
    ("ร้องเรียน/ร้องทุกข์ทั่วไป", "General complaint or grievance", False),
    ("ข้อเสนอแนะ", "Suggestion", False),
    ("เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ", "Corruption and misconduct", True),
]


def forwards(apps, schema_editor):
    from core.roles import sync_roles

    sync_roles(apps)
    Category = apps.get_model("complaints", "Category")
    for order, (name_th, name_en, is_corruption) in enumerate(DEFAULT_CATEGORIES, start=1):
        Category.objects.get_or_create(
            name_th=name_th, defaults={"name_en": name_en, "is_corruption": is_corruption, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("core", "0005_holiday"),
        ("indicators", "0003_evidence_from_reports"),
        ("auditlog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
