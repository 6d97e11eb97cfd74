"""Audit entries of attachments were labelled with the file's original name, which can name the complainant:
relabel them as `Attachment.__str__` now does ("complaint/attachment · type")."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    Attachment = apps.get_model("complaints", "Attachment")
    content_type = ContentType.objects.filter(app_label="complaints", model="attachment").first()
    if content_type is None:
        return
    entries = LogEntry.objects.filter(content_type=content_type)
    for attachment in Attachment.objects.values("pk", "complaint_id", "content_type").iterator():
        label = f"{attachment['complaint_id']}/{attachment['pk']} · {attachment['content_type']}"
        entries.filter(object_id=attachment["pk"]).update(object_repr=label)
    gone = entries.exclude(object_id__in=Attachment.objects.values("pk"))
    gone.update(object_repr=Concat(Value("?/"), F("object_pk")))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_subject_trigram_index"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
