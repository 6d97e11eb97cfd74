"""The life of a piece of evidence through its services: create, replace, review, publish, audit."""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.uploads import FILE_TYPE_REFUSED
from indicators.models import Evidence, EvidenceRevision, OITItem, ReviewState
from indicators.services import (
    FILE_OR_LINK,
    PUBLISH_NEEDS_APPROVAL,
    RETURN_NEEDS_COMMENT,
    evidence_approve,
    evidence_create,
    evidence_replace_file,
    evidence_return,
    evidence_set_published,
)
from tests.conftest import PDF_BYTES, PNG_BYTES, pdf_upload

ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
SECOND_PDF = PDF_BYTES.replace(b"0 0 595 842", b"0 0 842 595")  # another genuine PDF, another hash
DAY = datetime.date(2021, 3, 15)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def entries_for(evidence: Evidence):
    return LogEntry.objects.get_for_object(evidence).order_by("timestamp", "pk")


def create(user, measure, **extra) -> Evidence:
    extra.setdefault("upload", pdf_upload())
    return evidence_create(user=user, measure=measure, title="รายงานผลการดำเนินงาน", effective_date=DAY, **extra)


def approved(evidence: Evidence, coordinator) -> Evidence:
    return evidence_approve(user=coordinator, evidence=evidence)


# --- Creating -----------------------------------------------------------------


def test_a_file_is_stored_under_a_random_name_with_its_hash(measure, users):
    evidence = create(users["staff"], measure, upload=pdf_upload("รายงาน ประจำปี.pdf"))

    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert evidence.original_filename == "รายงาน ประจำปี.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES)
    assert re.fullmatch(r"evidence/\d{4}/[0-9a-f]{32}\.pdf", evidence.file.name), evidence.file.name
    assert "รายงาน" not in evidence.file.name
    assert read(evidence.file) == PDF_BYTES
    assert evidence.review_state == ReviewState.SUBMITTED
    assert not evidence.is_published
    assert evidence.department == measure.department
    assert evidence.uploaded_by == users["staff"]


def test_two_uploads_of_the_same_name_get_different_stored_names(measure, users):
    first = create(users["staff"], measure, upload=pdf_upload("a.pdf"))
    second = create(users["staff"], measure, upload=pdf_upload("a.pdf"))
    assert first.file.name != second.file.name
    assert read(first.file) == read(second.file) == PDF_BYTES


def test_the_file_type_comes_from_the_content_not_the_name(measure, users):
    upload = SimpleUploadedFile("photo.pdf", PNG_BYTES, content_type="application/pdf")

    evidence = create(users["staff"], measure, upload=upload)

    assert evidence.content_type == "image/png"
    assert evidence.file.name.endswith(".png")
    assert evidence.original_filename == "photo.pdf"


def test_a_link_is_kept_without_a_file(measure, users):
    evidence = create(users["staff"], measure, upload=None, url="https://www.example.go.th/news/1")

    evidence.refresh_from_db()
    assert evidence.url == "https://www.example.go.th/news/1"
    assert not evidence.file
    assert evidence.sha256 == ""
    assert stored_files() == []


@pytest.mark.parametrize(
    ("upload", "url"),
    [(pdf_upload, "https://www.example.go.th/"), (None, "")],
    ids=["both", "neither"],
)
def test_a_file_or_a_link_exactly_one_of_the_two(measure, users, upload, url):
    with pytest.raises(ValidationError) as refused:
        create(users["staff"], measure, upload=upload() if upload else None, url=url)

    assert refused.value.code == "file_or_link"
    assert refused.value.messages == [str(FILE_OR_LINK)]
    assert not Evidence.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/report.pdf", "file:///etc/passwd"])
def test_only_web_links_are_accepted(measure, users, url):
    with pytest.raises(ValidationError) as refused:
        create(users["staff"], measure, upload=None, url=url)
    assert "url" in refused.value.message_dict
    assert not Evidence.objects.exists()


def test_oit_only_evidence_belongs_to_the_uploaders_department(fiscal_year, users, own_department, other_department):
    item = OITItem.objects.get(code="O1")

    mine = evidence_create(
        user=users["staff"], oit_item=item, title="โครงสร้าง", effective_date=DAY, url="https://a.th/"
    )
    theirs = evidence_create(
        user=users["other_staff"], oit_item=item, title="โครงสร้าง", effective_date=DAY, url="https://b.th/"
    )

    assert mine.department == own_department
    assert mine.measure is None
    assert theirs.department == other_department


def test_staff_cannot_record_evidence_for_another_departments_measure(other_measure, users):
    with pytest.raises(PermissionDenied):
        create(users["staff"], other_measure)
    assert not Evidence.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("role", ["executive", "auditor", "no_role"])
def test_read_only_roles_cannot_record_evidence(measure, users, role):
    with pytest.raises(PermissionDenied):
        create(users[role], measure)
    assert not Evidence.objects.exists()


def test_the_coordinator_may_record_evidence_for_any_department(other_measure, users):
    evidence = create(users["coordinator"], other_measure)
    assert evidence.department == other_measure.department


# --- Replacing the file ---------------------------------------------------------


def test_replacing_keeps_the_old_file_as_a_revision_and_needs_review_again(measure, users):
    evidence = create(users["staff"], measure, upload=pdf_upload("first.pdf"))
    approved(evidence, users["coordinator"])
    evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)
    old_name, old_sha, old_uploaded_at = evidence.file.name, evidence.sha256, evidence.file_uploaded_at
    assert old_uploaded_at is not None

    evidence_replace_file(user=users["staff"], evidence=evidence, upload=pdf_upload("second.pdf", SECOND_PDF))

    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(SECOND_PDF).hexdigest() != old_sha
    assert evidence.original_filename == "second.pdf"
    assert evidence.file.name != old_name
    assert read(evidence.file) == SECOND_PDF
    assert evidence.review_state == ReviewState.SUBMITTED
    assert not evidence.is_published

    revision = EvidenceRevision.objects.get(evidence=evidence)
    assert revision.sha256 == old_sha
    assert revision.uploaded_at == old_uploaded_at  # when that file came, not when it was last reviewed
    assert evidence.file_uploaded_at > old_uploaded_at
    assert revision.file.name == old_name
    assert revision.original_filename == "first.pdf"
    assert revision.uploaded_by == users["staff"]
    assert revision.replaced_by == users["staff"]
    assert read(revision.file) == PDF_BYTES
    assert hashlib.sha256(read(revision.file)).hexdigest() == revision.sha256


def test_each_replacement_adds_one_revision(measure, users):
    evidence = create(users["staff"], measure)
    evidence_replace_file(user=users["staff"], evidence=evidence, upload=pdf_upload("2.pdf", SECOND_PDF))
    evidence_replace_file(user=users["staff"], evidence=evidence, upload=SimpleUploadedFile("3.png", PNG_BYTES))

    shas = set(EvidenceRevision.objects.filter(evidence=evidence).values_list("sha256", flat=True))
    assert shas == {hashlib.sha256(PDF_BYTES).hexdigest(), hashlib.sha256(SECOND_PDF).hexdigest()}
    assert len(stored_files()) == 3


def test_a_disguised_file_is_refused_and_nothing_changes(measure, users):
    evidence = create(users["staff"], measure)
    approved(evidence, users["coordinator"])
    evidence.refresh_from_db()
    before = Evidence.objects.filter(pk=evidence.pk).values().get()
    files_before = stored_files()

    with pytest.raises(ValidationError) as refused:
        evidence_replace_file(user=users["staff"], evidence=evidence, upload=SimpleUploadedFile("x.pdf", ELF_BYTES))

    assert refused.value.messages == [str(FILE_TYPE_REFUSED)]
    assert Evidence.objects.filter(pk=evidence.pk).values().get() == before
    assert not EvidenceRevision.objects.exists()
    assert stored_files() == files_before
    assert read(Evidence.objects.get(pk=evidence.pk).file) == PDF_BYTES


def test_another_department_cannot_replace_the_file(measure, users):
    evidence = create(users["staff"], measure)
    with pytest.raises(PermissionDenied):
        evidence_replace_file(user=users["other_staff"], evidence=evidence, upload=pdf_upload("x.pdf", SECOND_PDF))
    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert not EvidenceRevision.objects.exists()


# --- Review and publication -------------------------------------------------------


def test_the_coordinator_approves(measure, users):
    evidence = create(users["staff"], measure)

    evidence_approve(user=users["coordinator"], evidence=evidence, comment="  ครบถ้วน  ")

    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.APPROVED
    assert evidence.review_comment == "ครบถ้วน"
    assert evidence.reviewed_by == users["coordinator"]
    assert evidence.reviewed_at is not None


def test_returning_needs_a_comment(measure, users):
    evidence = create(users["staff"], measure)
    before = Evidence.objects.filter(pk=evidence.pk).values().get()

    for comment in ("", "   \n"):
        with pytest.raises(ValidationError) as refused:
            evidence_return(user=users["coordinator"], evidence=evidence, comment=comment)
        assert refused.value.messages == [str(RETURN_NEEDS_COMMENT)]

    assert Evidence.objects.filter(pk=evidence.pk).values().get() == before


def test_returning_unpublishes_and_keeps_the_comment(measure, users):
    evidence = create(users["staff"], measure)
    approved(evidence, users["coordinator"])
    evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)

    evidence_return(user=users["coordinator"], evidence=evidence, comment="แนบไฟล์ผิด")

    evidence.refresh_from_db()
    assert evidence.review_state == ReviewState.RETURNED
    assert evidence.review_comment == "แนบไฟล์ผิด"
    assert not evidence.is_published


@pytest.mark.parametrize("role", ["staff", "other_staff", "executive", "auditor", "no_role"])
def test_only_a_reviewer_may_review(measure, users, role):
    evidence = create(users["staff"], measure)
    with pytest.raises(PermissionDenied):
        evidence_approve(user=users[role], evidence=evidence)
    with pytest.raises(PermissionDenied):
        evidence_return(user=users[role], evidence=evidence, comment="ไม่ผ่าน")
    assert Evidence.objects.get(pk=evidence.pk).review_state == ReviewState.SUBMITTED


@pytest.mark.parametrize("role", ["staff", "executive", "auditor"])
def test_only_the_coordinator_may_publish(measure, users, role):
    evidence = approved(create(users["staff"], measure), users["coordinator"])
    with pytest.raises(PermissionDenied):
        evidence_set_published(user=users[role], evidence=evidence, published=True)
    assert not Evidence.objects.get(pk=evidence.pk).is_published


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.RETURNED])
def test_only_approved_evidence_can_be_published(measure, users, state):
    evidence = create(users["staff"], measure)
    if state == ReviewState.RETURNED:
        evidence_return(user=users["coordinator"], evidence=evidence, comment="ไม่ครบ")

    with pytest.raises(ValidationError) as refused:
        evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)

    assert refused.value.messages == [str(PUBLISH_NEEDS_APPROVAL)]
    assert not Evidence.objects.get(pk=evidence.pk).is_published


def test_publish_and_unpublish_approved_evidence(measure, users):
    evidence = approved(create(users["staff"], measure), users["coordinator"])

    evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)
    assert Evidence.objects.get(pk=evidence.pk).is_public

    evidence_set_published(user=users["coordinator"], evidence=evidence, published=False)
    assert not Evidence.objects.get(pk=evidence.pk).is_published


@pytest.mark.parametrize("state", [ReviewState.SUBMITTED, ReviewState.RETURNED])
def test_the_database_refuses_published_but_unapproved_evidence(measure, users, state):
    evidence = create(users["staff"], measure)
    Evidence.objects.filter(pk=evidence.pk).update(review_state=state)

    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).update(is_published=True)

    assert not Evidence.objects.get(pk=evidence.pk).is_published


# --- Audit log ---------------------------------------------------------------------


def test_every_change_is_in_the_audit_log_with_who_and_what(measure, users):
    staff, coordinator = users["staff"], users["coordinator"]
    with set_actor(staff):
        evidence = create(staff, measure)
    with set_actor(coordinator):
        evidence_return(user=coordinator, evidence=evidence, comment="ขอไฟล์ที่ลงนาม")
    with set_actor(staff):
        evidence_replace_file(user=staff, evidence=evidence, upload=pdf_upload("signed.pdf", SECOND_PDF))
    with set_actor(coordinator):
        evidence_approve(user=coordinator, evidence=evidence)
        evidence_set_published(user=coordinator, evidence=evidence, published=True)

    entries = list(entries_for(evidence))
    assert [e.action for e in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.UPDATE,
    ]
    assert [e.actor for e in entries] == [staff, coordinator, staff, coordinator, coordinator]
    created, returned, replaced, approval, publication = (e.changes_dict for e in entries)
    assert created["title"] == ["None", "รายงานผลการดำเนินงาน"]
    assert returned["review_state"] == ["submitted", "returned"]
    assert returned["review_comment"] == ["", "ขอไฟล์ที่ลงนาม"]
    assert replaced["review_state"] == ["returned", "submitted"]
    assert replaced["sha256"] == [hashlib.sha256(PDF_BYTES).hexdigest(), hashlib.sha256(SECOND_PDF).hexdigest()]
    assert approval["review_state"] == ["submitted", "approved"]
    assert publication["is_published"] == ["False", "True"]

    revision = EvidenceRevision.objects.get(evidence=evidence)
    assert LogEntry.objects.get_for_object(revision).filter(action=LogEntry.Action.CREATE).exists()


def test_a_refused_change_writes_nothing_to_the_audit_log(measure, users):
    evidence = create(users["staff"], measure)
    count = LogEntry.objects.count()

    with pytest.raises(ValidationError, match=re.escape(str(RETURN_NEEDS_COMMENT))):
        evidence_return(user=users["coordinator"], evidence=evidence, comment=" ")
    with pytest.raises(ValidationError, match=re.escape(str(PUBLISH_NEEDS_APPROVAL))):
        evidence_set_published(user=users["coordinator"], evidence=evidence, published=True)
    with pytest.raises(ValidationError, match=re.escape(str(FILE_TYPE_REFUSED))):
        evidence_replace_file(user=users["staff"], evidence=evidence, upload=SimpleUploadedFile("x.pdf", ELF_BYTES))

    assert LogEntry.objects.count() == count
