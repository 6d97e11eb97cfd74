"""Writes of the indicators app: the life of a piece of evidence (the framework loader is in framework_loader.py)."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import can_edit_department, department_id_of
from core.fiscal import round_period
from core.models import Department, FiscalYear, Organisation, Report
from core.uploads import InspectedUpload, inspect_upload, store_upload

from .models import Evidence, EvidenceRevision, Measure, OITItem, ReviewState

NOT_YOUR_DEPARTMENT = _("You can only record evidence for your own department's work.")
NO_DEPARTMENT = _("Your account belongs to no department yet; ask the ITA coordinator to set it.")
FILE_OR_LINK = _("Attach a file or give a link (one of the two).")
IS_A_FILE = _("This evidence is a file; replace the file instead of giving a link.")
NO_COORDINATING_DEPARTMENT = _(
    "Choose the ITA coordinating department in the organisation profile: it owns the generated reports."
)
NO_SUCH_OIT_ITEM = _("The ITA framework of fiscal year %(year)s has no item %(code)s to attach the report to.")
CANNOT_REVIEW = _("Only the ITA coordinator can review evidence.")
CANNOT_PUBLISH = _("Only the ITA coordinator can publish evidence.")
RETURN_NEEDS_COMMENT = _("Say what needs to change when you return evidence.")
PUBLISH_NEEDS_APPROVAL = _("Only approved evidence can be published.")


def _owner_department(user: User, measure: Measure | None) -> Department:
    if measure is not None:
        return measure.department
    own = department_id_of(user)
    if own is None:
        raise ValidationError(NO_DEPARTMENT, code="no_department")
    return Department.objects.get(pk=own)


def can_edit_evidence(user: User, evidence: Evidence) -> bool:
    return user.has_perm("indicators.change_evidence") and can_edit_department(user, evidence.department_id)


def _require_edit(user: User, evidence: Evidence) -> None:
    if not can_edit_evidence(user, evidence):
        raise PermissionDenied(NOT_YOUR_DEPARTMENT)


def _attach_file(evidence: Evidence, upload: File, inspected: InspectedUpload) -> None:
    """Store a checked upload under a random name, with its hash."""
    store_upload(evidence, upload, inspected, stem="evidence", name_field="original_filename")
    evidence.file_uploaded_at = timezone.now()
    evidence.url = ""


def _keep_revision(evidence: Evidence, *, replaced_by: User | None) -> None:
    if evidence.file:
        EvidenceRevision.objects.create(
            evidence=evidence,
            file=evidence.file.name,
            original_filename=evidence.original_filename,
            content_type=evidence.content_type,
            size=evidence.size,
            sha256=evidence.sha256,
            uploaded_by=evidence.uploaded_by,
            uploaded_at=evidence.file_uploaded_at or evidence.created_at,
            replaced_by=replaced_by,
        )


def _back_to_review(evidence: Evidence) -> None:
    """Any change to the content needs the coordinator's eyes again."""
    evidence.review_state = ReviewState.SUBMITTED
    evidence.is_published = False


@transaction.atomic
def evidence_create(
    *,
    user: User,
    title: str,
    effective_date: datetime.date,
    measure: Measure | None = None,
    oit_item: OITItem | None = None,
    description: str = "",
    upload: UploadedFile | None = None,
    url: str = "",
) -> Evidence:
    department = _owner_department(user, measure)
    evidence = Evidence(
        measure=measure,
        oit_item=oit_item,
        department=department,
        title=title,
        description=description,
        effective_date=effective_date,
        url=url,
        uploaded_by=user,
    )
    _require_edit(user, evidence)
    if bool(upload) == bool(url):
        raise ValidationError(FILE_OR_LINK, code="file_or_link")
    evidence.full_clean(exclude=["file"])  # nothing is written to disk for an invalid form
    if upload:
        _attach_file(evidence, upload, inspect_upload(upload))
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_update(
    *, user: User, evidence: Evidence, title: str, description: str, effective_date: datetime.date, url: str = ""
) -> Evidence:
    _require_edit(user, evidence)
    if evidence.file and url:
        raise ValidationError(IS_A_FILE, code="file_or_link")
    if not evidence.file and not url:
        raise ValidationError(FILE_OR_LINK, code="file_or_link")
    evidence.title, evidence.description, evidence.effective_date = title, description, effective_date
    if not evidence.file:
        evidence.url = url
    _back_to_review(evidence)
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_replace_file(*, user: User, evidence: Evidence, upload: UploadedFile) -> Evidence:
    """Put a new file on evidence; the old file is kept as a revision, never overwritten."""
    _require_edit(user, evidence)
    inspected = inspect_upload(upload)  # refuse before touching anything already stored
    _keep_revision(evidence, replaced_by=user)
    _attach_file(evidence, upload, inspected)
    evidence.uploaded_by = user
    _back_to_review(evidence)
    evidence.full_clean()
    evidence.save()
    return evidence


def _require_reviewer(user: User) -> None:
    if not user.has_perm("indicators.review_evidence"):
        raise PermissionDenied(CANNOT_REVIEW)


@transaction.atomic
def evidence_approve(*, user: User, evidence: Evidence, comment: str = "") -> Evidence:
    _require_reviewer(user)
    evidence.review_state = ReviewState.APPROVED
    evidence.review_comment = comment.strip()
    evidence.reviewed_by, evidence.reviewed_at = user, timezone.now()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_return(*, user: User, evidence: Evidence, comment: str) -> Evidence:
    _require_reviewer(user)
    if not comment.strip():
        raise ValidationError(RETURN_NEEDS_COMMENT, code="comment_required")
    evidence.review_state = ReviewState.RETURNED
    evidence.review_comment = comment.strip()
    evidence.is_published = False
    evidence.reviewed_by, evidence.reviewed_at = user, timezone.now()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_set_published(*, user: User, evidence: Evidence, published: bool) -> Evidence:
    if not user.has_perm("indicators.publish_evidence"):
        raise PermissionDenied(CANNOT_PUBLISH)
    if published and evidence.review_state != ReviewState.APPROVED:
        raise ValidationError(PUBLISH_NEEDS_APPROVAL, code="not_approved")
    evidence.is_published = published
    evidence.save(update_fields=["is_published", "updated_at"])
    return evidence


def _report_department(user: User | None, measure: Measure | None) -> Department:
    if measure is not None:
        return measure.department
    organisation = Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first()
    if organisation is not None and organisation.coordinating_department is not None:
        return organisation.coordinating_department
    own = department_id_of(user) if user is not None else None
    if own is None:
        raise ValidationError(NO_COORDINATING_DEPARTMENT, code="no_coordinating_department")
    return Department.objects.get(pk=own)


def _oit_item(year: FiscalYear, code: str) -> OITItem:
    oit_item = OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year=year, code=code).first()
    if oit_item is None:
        raise ValidationError(NO_SUCH_OIT_ITEM, code="no_oit_item", params={"year": year.year, "code": code})
    return oit_item


@transaction.atomic
def evidence_link_for_oit(
    *, fiscal_year: FiscalYear, oit_code: str, url: str, title: str, user: User | None = None
) -> tuple[Evidence, bool]:
    """A page of the portal as link evidence awaiting review on an OIT item of ``fiscal_year`` (O29's guideline,
    O30's channel), once: when the item already has evidence with this link, that evidence is returned
    unchanged, so publishing the page again does not pile up records. Gives (evidence, created)."""
    oit_item = _oit_item(fiscal_year, oit_code)
    existing = Evidence.objects.filter(oit_item=oit_item, measure=None, url=url).first()
    if existing is not None:
        return existing, False
    evidence = Evidence(
        oit_item=oit_item,
        department=_report_department(user, None),
        title=title,
        effective_date=timezone.localdate(),
        url=url,
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    evidence.full_clean()
    evidence.save()
    return evidence, True


@transaction.atomic
def evidence_from_report(
    report: Report,
    *,
    oit_code: str = "",
    measures: Iterable[Measure] = (),
    user: User | None = None,
) -> list[Evidence]:
    """Attach a generated round report as evidence awaiting review, on its OIT item and on the measures it proves.

    Generating the same kind of report again for the same year and round puts the new file on
    the earlier evidence (the old file stays as a revision) instead of piling up records.
    """
    year = report.fiscal_year
    if year is None:
        raise ValueError("Only a report of a fiscal year can be attached as evidence.")
    targets: list[tuple[Measure | None, OITItem | None]] = [(measure, None) for measure in measures]
    if oit_code:
        targets.insert(0, (None, _oit_item(year, oit_code)))
    content = report.file.read()
    report.file.seek(0)
    pdf = InspectedUpload(
        content_type="application/pdf",
        extension="pdf",
        size=report.size,
        sha256=report.sha256,
        original_name=f"{report.kind}-{year.year}-{report.round}.pdf",
    )
    attached = []
    for measure, oit_item in targets:
        evidence = Evidence.objects.filter(
            measure=measure,
            oit_item=oit_item,
            report__kind=report.kind,
            report__fiscal_year=year,
            report__round=report.round,
        ).first()
        if evidence is None:
            evidence = Evidence(measure=measure, oit_item=oit_item, department=_report_department(user, measure))
        else:
            _keep_revision(evidence, replaced_by=user)
        evidence.title = report.title
        evidence.effective_date = round_period(year.year, report.round).end
        evidence.report = report
        evidence.uploaded_by = user if user is not None and user.is_authenticated else None
        _attach_file(evidence, ContentFile(content), pdf)
        _back_to_review(evidence)
        evidence.full_clean()
        evidence.save()
        attached.append(evidence)
    return attached
