"""Writes of the complaints app: filing a complaint, every step of its handling, and the receipt e-mail.

One function owns each kind of change, whichever page or channel it comes from,
so the allowed steps, the history and the deadlines are enforced in one place.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import department_id_of
from core.days import day_start
from core.fiscal import fiscal_year_of
from core.models import Department, FiscalYear
from core.uploads import inspect_upload, store_upload
from core.workdays import add_working_days, is_weekend, working_days_between
from indicators.services import evidence_link_for_oit

from .models import (
    FINISHED_STATES,
    IDENTITY_FIELDS,
    OPEN_STATES,
    Attachment,
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    Guideline,
    State,
)
from .selectors import can_assign, complaints_visible_to

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

DUPLICATE_SUBMISSION = _(
    "This form was already sent, and the complaint was recorded once. Keep the tracking code shown when it was sent."
)
STEP_NOT_ALLOWED = _("This step is not possible while the complaint is “%(state)s”. Possible steps now: %(allowed)s.")
REPLY_REQUIRED = _("Write a reply to the complainant: a complaint is not resolved or rejected without one.")
NOTE_REQUIRED = _("Write a reply to the complainant or an internal note.")
DEPARTMENT_REQUIRED = _("Choose the department that will handle the complaint.")
ASSIGN_NOT_PERMITTED = _("Only the complaints coordinator can assign complaints.")
HANDLER_CANNOT_HANDLE = _("%(user)s may not handle complaints of this category.")
NOT_PERMITTED = _("You may not handle this complaint.")
CONTACT_REQUIRED = _(
    "Give your name and a telephone number, an e-mail address or a postal address, or choose to stay anonymous."
)


@dataclass(frozen=True)
class Step:
    label: "StrOrPromise"
    sources: tuple[str, ...]
    target: str | None  # None: the complaint stays in its state (a reply or note only)
    reply_required: bool = False


# The allowed transitions: a step not listed for the complaint's state is refused.
STEPS: dict[str, Step] = {
    "acknowledge": Step(_("Acknowledge"), (State.RECEIVED,), State.ACKNOWLEDGED),
    "assign": Step(_("Assign"), (State.ACKNOWLEDGED, State.ASSIGNED, State.IN_PROGRESS), State.ASSIGNED),
    "start": Step(_("Start work"), (State.ACKNOWLEDGED, State.ASSIGNED), State.IN_PROGRESS),
    "resolve": Step(
        _("Resolve"), (State.ACKNOWLEDGED, State.ASSIGNED, State.IN_PROGRESS), State.RESOLVED, reply_required=True
    ),
    "reject": Step(_("Reject"), OPEN_STATES, State.REJECTED, reply_required=True),
    "close": Step(_("Close"), (State.RESOLVED, State.REJECTED), State.CLOSED),
    "reopen": Step(_("Reopen"), FINISHED_STATES, State.IN_PROGRESS),
    "note": Step(_("Reply or note only"), (*OPEN_STATES, State.RESOLVED, State.REJECTED), None),
}


def has_contact(*, name: str, phone: str, email: str, address: str = "") -> bool:
    """A named complaint says who filed it and how to reach them."""
    return bool(name.strip() and (phone.strip() or email.strip() or address.strip()))


class DuplicateSubmissionError(Exception):
    """The same one-time form token was sent twice."""


def steps_allowed(complaint: Complaint) -> list[tuple[str, "StrOrPromise"]]:
    return [(name, step.label) for name, step in STEPS.items() if complaint.state in step.sources]


def deadlines_for(category: Category, received: datetime.date) -> tuple[datetime.date, datetime.date]:
    return (
        add_working_days(received, category.days_to_acknowledge),
        add_working_days(received, category.days_to_resolve),
    )


def _store_attachments(
    complaint: Complaint, uploads: Iterable[UploadedFile], *, event: ComplaintEvent | None, public: bool
) -> None:
    for upload in uploads:
        attachment = Attachment(complaint=complaint, event=event, public=public)
        store_upload(attachment, upload, inspect_upload(upload), stem="attachment")
        attachment.save()


@transaction.atomic
def complaint_submit(
    *,
    category: Category,
    subject: str,
    description: str,
    channel: str = Channel.WEB,
    location: str = "",
    anonymous: bool = False,
    name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    received_at: datetime.datetime | None = None,
    department: Department | None = None,
    recorded_by: User | None = None,
    submission_token: str | None = None,
    attachments: Iterable[UploadedFile] = (),
) -> Complaint:
    """File a complaint (from the public form or recorded by staff) with its deadlines and first history entry."""
    if submission_token and Complaint.objects.filter(submission_token=submission_token).exists():
        raise DuplicateSubmissionError
    identity = {"name": name.strip(), "phone": phone.strip(), "email": email.strip(), "address": address.strip()}
    if anonymous:
        identity = dict.fromkeys(IDENTITY_FIELDS, "")  # anonymous means nothing that identifies is kept
    elif not has_contact(**identity):
        raise ValidationError(CONTACT_REQUIRED, code="contact")
    received_at = received_at or timezone.now()
    # A complaint taken by a staff member stays with their department until the coordinator assigns it.
    department_id = department.pk if department else (department_id_of(recorded_by) if recorded_by else None)
    acknowledge_due, resolve_due = deadlines_for(category, timezone.localdate(received_at))
    complaint = Complaint(
        category=category,
        channel=channel,
        subject=subject,
        description=description,
        location=location,
        anonymous=anonymous,
        **identity,
        department_id=department_id,
        received_at=received_at,
        acknowledge_due=acknowledge_due,
        resolve_due=resolve_due,
        recorded_by=recorded_by,
        submission_token=submission_token or None,
    )
    complaint.full_clean(exclude=["submission_token"])
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError as error:
        if submission_token and Complaint.objects.filter(submission_token=submission_token).exists():
            raise DuplicateSubmissionError from error
        raise
    ComplaintEvent.objects.create(
        complaint=complaint,
        actor=recorded_by,
        at=received_at,
        action="submit",
        from_state="",
        to_state=State.RECEIVED,
    )
    _store_attachments(complaint, attachments, event=None, public=False)
    if complaint.email:
        from .tasks import send_receipt

        # robust: a mail server that is down must not turn a saved complaint into an error page.
        transaction.on_commit(lambda: send_receipt.delay(complaint.pk), robust=True)
    return complaint


def _recounted(
    received: datetime.date, due: datetime.date, added: set[datetime.date], removed: set[datetime.date]
) -> datetime.date:
    """The deadline ``due`` counted again after holidays were added or removed.

    The complaint keeps the number of working days it was given (the category's numbers may have
    changed since): the calendar now holds one day fewer for each added weekday between receipt and
    deadline, and one more for each removed one, so that number is today's count plus the difference.
    """
    between = {day for day in added | removed if received < day <= due and not is_weekend(day)}
    shift = len(between & added) - len(between & removed)
    if not shift:
        return due
    return add_working_days(received, working_days_between(received, due) + shift)


@transaction.atomic
def deadlines_follow_holidays(*, added: set[datetime.date], removed: set[datetime.date], **_signal: object) -> int:
    """Move the deadlines of open complaints counted across holidays that were added or removed since they
    were filed (a receiver of core.workdays.holidays_changed). Gives how many complaints moved.

    Only complaints received before the last changed day whose deadline is on or after the first can
    be concerned; each is saved on its own so the audit log records the move.
    """
    days = {day for day in added | removed if not is_weekend(day)}
    if not days:
        return 0
    first, last = min(days), max(days)
    concerned = Complaint.objects.filter(
        Q(acknowledge_due__gte=first) | Q(resolve_due__gte=first),
        state__in=OPEN_STATES,
        received_at__lt=day_start(last),
    ).order_by("pk")
    recounted: dict[tuple[datetime.date, datetime.date], datetime.date] = {}
    moved = 0
    for complaint in concerned.iterator(chunk_size=500):
        received = timezone.localdate(complaint.received_at)
        dues = []
        for due in (complaint.acknowledge_due, complaint.resolve_due):
            if (received, due) not in recounted:
                recounted[received, due] = _recounted(received, due, added, removed)
            dues.append(recounted[received, due])
        if dues != [complaint.acknowledge_due, complaint.resolve_due]:
            complaint.acknowledge_due, complaint.resolve_due = dues
            complaint.save(update_fields=["acknowledge_due", "resolve_due"])
            moved += 1
    return moved


def _may_change(user: User, complaint: Complaint) -> bool:
    return user.has_perm("complaints.change_complaint") and complaints_visible_to(user).filter(pk=complaint.pk).exists()


def _check_handler(handler: User | None, complaint: Complaint) -> None:
    if handler is None:
        return
    allowed = handler.is_active and handler.has_perm("complaints.change_complaint")
    if complaint.category.is_corruption:
        allowed = allowed and handler.has_perm("complaints.handle_corruption")
    if not allowed:
        raise ValidationError(
            HANDLER_CANNOT_HANDLE, code="handler", params={"user": handler.get_full_name() or handler}
        )


def _step_checked(complaint: Complaint, action: str, public_reply: str, internal_note: str) -> Step:
    """The step ``action`` names, if the STEPS table allows it from the complaint's state and it has its text."""
    step = STEPS.get(action)
    if step is None or complaint.state not in step.sources:
        allowed = ", ".join(str(label) for _name, label in steps_allowed(complaint)) or "—"
        raise ValidationError(
            STEP_NOT_ALLOWED, code="step", params={"state": complaint.get_state_display(), "allowed": allowed}
        )
    if step.reply_required and not public_reply:
        raise ValidationError(REPLY_REQUIRED, code="reply")
    if step.target is None and not (public_reply or internal_note):
        raise ValidationError(NOTE_REQUIRED, code="note")
    return step


def _assign(complaint: Complaint, user: User, department: Department | None, handler: User | None) -> None:
    if not can_assign(user, complaint):
        raise PermissionDenied(ASSIGN_NOT_PERMITTED)
    if department is None:
        raise ValidationError(DEPARTMENT_REQUIRED, code="department")
    _check_handler(handler, complaint)
    complaint.department, complaint.handler = department, handler


def _record_timings(complaint: Complaint, action: str, target: str, now: datetime.datetime) -> None:
    """When the complaint was acknowledged, finished or closed, and in how many working days (O31 counts them)."""
    received = timezone.localdate(complaint.received_at)
    if complaint.state == State.RECEIVED and target != State.RECEIVED:
        complaint.acknowledged_at = now
        complaint.acknowledge_days = max(working_days_between(received, timezone.localdate(now)), 0)
    if target in (State.RESOLVED, State.REJECTED):
        complaint.finished_at = now
        complaint.resolve_days = max(working_days_between(received, timezone.localdate(now)), 0)
    elif target == State.CLOSED:
        complaint.closed_at = now
    elif action == "reopen":
        complaint.finished_at = complaint.closed_at = complaint.resolve_days = None


@transaction.atomic
def complaint_transition(
    *,
    complaint: Complaint,
    user: User,
    action: str,
    public_reply: str = "",
    internal_note: str = "",
    department: Department | None = None,
    handler: User | None = None,
    attachments: Iterable[UploadedFile] = (),
    at: datetime.datetime | None = None,
) -> ComplaintEvent:
    """Take one step of the handling workflow, record it in the complaint's history, and set the timings.

    ``at`` is when the step happened, for a step recorded afterwards (a paper file, the demo); default now.
    """
    complaint = Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)
    if not _may_change(user, complaint):
        raise PermissionDenied(NOT_PERMITTED)
    public_reply, internal_note = public_reply.strip(), internal_note.strip()
    step = _step_checked(complaint, action, public_reply, internal_note)
    if action == "assign":
        _assign(complaint, user, department, handler)
    now = at or timezone.now()
    from_state = complaint.state
    target = step.target or from_state
    _record_timings(complaint, action, target, now)
    complaint.state = target
    complaint.save()
    event = ComplaintEvent.objects.create(
        complaint=complaint,
        actor=user,
        at=now,
        action=action,
        from_state=from_state,
        to_state=target,
        public_reply=public_reply,
        internal_note=internal_note,
    )
    _store_attachments(complaint, attachments, event=event, public=bool(public_reply))
    return event


def complaint_send_receipt(complaint_id: int) -> None:
    """E-mail the complainant the tracking code; HTML and text both escape what they typed."""
    complaint = Complaint.objects.select_related("category").filter(pk=complaint_id).first()
    if complaint is None or not complaint.email:
        return
    status_url = f"{settings.SITE_BASE_URL}{reverse('complaints:status')}?code={complaint.tracking_code}"
    context = {"complaint": complaint, "status_url": status_url}
    send_mail(
        subject=str(_("Your complaint was received: %(code)s") % {"code": complaint.tracking_code}),
        message=render_to_string("complaints/email/receipt.txt", context),
        from_email=None,
        recipient_list=[complaint.email],
        html_message=render_to_string("complaints/email/receipt.html", context),
    )


# The public pages that are O29's and O30's evidence: (OIT item, evidence title, URL name).
CHANNEL_PAGES = (
    ("O29", _("Complaint-handling guideline (O29)"), "complaints:guideline"),
    ("O30", _("Corruption complaint channel (O30)"), "complaints:corruption"),
)
PAGE_ATTACHED = _("The page %(url)s was attached to %(code)s of fiscal year %(year)s as evidence awaiting review.")
PAGE_NOT_ATTACHED = _("The page %(url)s was not attached as evidence to %(code)s: %(reason)s")
NO_FISCAL_YEAR = _("fiscal year %(year)s is not in the portal yet.")


def channel_pages_as_evidence(*, user: User, today: datetime.date) -> list[str]:
    """Attach the public guideline (O29) and corruption-channel (O30) pages as link evidence of the current
    fiscal year, once a year; what was attached, or why not, comes back as messages for the coordinator.

    A year without its framework or item does not stop the guideline from being published: that page
    simply is not attached, and the message says why.
    """
    year = fiscal_year_of(today)
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    notes = []
    for code, title, url_name in CHANNEL_PAGES:
        url = settings.SITE_BASE_URL + reverse(url_name)
        params = {"url": url, "code": code, "year": year}
        if fiscal_year is None:
            notes.append(PAGE_NOT_ATTACHED % {**params, "reason": NO_FISCAL_YEAR % params})
            continue
        try:
            with transaction.atomic():
                _evidence, created = evidence_link_for_oit(
                    fiscal_year=fiscal_year, oit_code=code, url=url, title=str(title), user=user
                )
        except ValidationError as error:
            notes.append(PAGE_NOT_ATTACHED % {**params, "reason": " ".join(error.messages)})
            continue
        if created:
            notes.append(PAGE_ATTACHED % params)
    return notes


def guideline_save(*, user: User, title: str, body: str, published: bool) -> Guideline:
    guideline = Guideline.objects.filter(pk=Guideline.SINGLETON_PK).first() or Guideline()
    guideline.title, guideline.body, guideline.published, guideline.updated_by = title, body, published, user
    guideline.full_clean()
    guideline.save()
    return guideline
