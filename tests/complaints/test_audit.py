"""The audit log keeps corruption complaints confidential: on /audit/ and in the admin's log-entry list,
their entries (the complaint, its steps, its files) show only to holders of the corruption permission;
no entry carries who filed a complaint or the name of a file they sent."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment, Complaint
from tests.conftest import PDF_BYTES

from .conftest import file_complaint, step

GENERAL_FILE = "หลักฐาน_นายเปิดเผย_ใจดี.pdf"
SECRET_FILE = "คำร้อง_นางสาวผู้แจ้ง_ลับมาก.pdf"
IDENTITY = {"name": "นางสาวผู้แจ้ง ลับมาก", "phone": "0891234567", "email": "whistle@example.org", "address": "99 ซอยลับ"}


@pytest.fixture
def filed(general, corruption, users, corruption_handler, own_department) -> dict[str, Complaint]:
    general_one = file_complaint(
        general,
        department=own_department,
        anonymous=False,
        **IDENTITY,
        attachments=[SimpleUploadedFile(GENERAL_FILE, PDF_BYTES)],
    )
    step(general_one, users["coordinator"], "acknowledge")
    secret = file_complaint(
        corruption,
        department=own_department,
        anonymous=False,
        **IDENTITY,
        attachments=[SimpleUploadedFile(SECRET_FILE, PDF_BYTES)],
    )
    step(secret, corruption_handler, "acknowledge")
    step(secret, corruption_handler, "assign", department=own_department, handler=corruption_handler)
    return {"general": general_one, "corruption": secret}


def traces(complaint: Complaint) -> list[str]:
    """What would give a complaint away in the log: its code, its steps' and its files' labels."""
    return [
        complaint.tracking_code,
        *(str(event) for event in complaint.events.all()),
        *(str(attachment) for attachment in complaint.attachments.all()),
    ]


@pytest.fixture
def people(users, corruption_handler) -> dict[str, User]:
    everyone = {**users, "integrity": corruption_handler}
    for user in everyone.values():
        user.is_staff = True  # the admin's own gate; its permissions decide the rest
        user.save()
    return everyone


# who -> which kinds of complaint they find in the log (None: the log is closed to them)
MATRIX = {
    "staff": None,
    "executive": None,
    "no_role": None,
    "coordinator": {"general"},
    "auditor": {"general"},
    "integrity": {"general", "corruption"},
}


@pytest.mark.parametrize("kind", ["general", "corruption"])
@pytest.mark.parametrize(("who", "finds"), MATRIX.items())
@pytest.mark.parametrize("page", ["/audit/", "/admin/auditlog/logentry/"])
def test_the_log_shows_a_complaint_only_to_those_who_may_see_it(client, people, filed, page, who, finds, kind):
    client.force_login(people[who])
    response = client.get(page)
    if finds is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    text = response.content.decode()
    complaint = filed[kind]
    for trace in traces(complaint):
        assert (kind in finds) == (trace in text), trace
    if page.startswith("/admin/"):
        searched = client.get(page, {"q": complaint.tracking_code})
        assert (kind in finds) == (searched.context["cl"].result_count > 0)
        entry = LogEntry.objects.get_for_object(complaint).first()
        detail = client.get(f"{page}{entry.pk}/change/")
        assert detail.status_code == (200 if kind in finds else 302)  # the admin's "does not exist"


@pytest.mark.parametrize("who", ["coordinator", "auditor", "integrity"])
def test_no_entry_names_the_complainant_or_their_files(client, people, filed, who):
    client.force_login(people[who])
    shown = client.get("/audit/").content.decode() + client.get("/admin/auditlog/logentry/").content.decode()
    for entry in LogEntry.objects.all():
        shown += client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").content.decode()
    for secret in (*IDENTITY.values(), GENERAL_FILE, SECRET_FILE, "เปิดเผย", "ลับมาก"):
        assert secret not in shown, secret


def test_an_attachment_is_labelled_without_its_file_name(filed):
    for attachment in Attachment.objects.all():
        assert attachment.original_name in (GENERAL_FILE, SECRET_FILE)
        assert attachment.original_name not in str(attachment)
        assert LogEntry.objects.get_for_object(attachment).get().object_repr == str(attachment)


def test_the_migration_relabels_entries_that_kept_a_file_name(filed):
    from django.apps import apps

    attachment = Attachment.objects.get(original_name=SECRET_FILE)
    entry = LogEntry.objects.get_for_object(attachment).get()
    LogEntry.objects.filter(pk=entry.pk).update(object_repr=SECRET_FILE)  # as stored before the fix
    gone = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Attachment),
        object_pk="99999",
        object_id=99999,
        object_repr=GENERAL_FILE,
        action=LogEntry.Action.DELETE,
    )
    migration = importlib.import_module("complaints.migrations.0004_attachment_audit_labels")
    migration.forwards(apps, None)
    assert LogEntry.objects.get(pk=entry.pk).object_repr == str(attachment)
    assert LogEntry.objects.get(pk=gone.pk).object_repr == "?/99999"


def test_granting_a_permission_or_a_role_is_on_record_and_passwords_are_not(client, people):
    coordinator = people["coordinator"]
    permission = Permission.objects.get(codename="handle_corruption")
    coordinator.user_permissions.add(permission)
    coordinator.set_password("another-horse-battery-7")
    coordinator.save()
    entries = LogEntry.objects.get_for_object(coordinator)
    granted = entries.get(changes__has_key="user_permissions").changes["user_permissions"]
    assert granted == {"type": "m2m", "operation": "add", "objects": [str(permission)]}
    client.force_login(people["auditor"])
    text = client.get("/audit/", {"q": "coordinator"}).content.decode()
    assert "เพิ่ม: " + str(permission)[:30] in text
    assert all("password" not in (entry.changes or {}) for entry in entries)
    assert all("last_login" not in (entry.changes or {}) for entry in entries)
