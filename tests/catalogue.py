"""Every URL of the portal, with sample arguments and what each role gets: the tests walk this list.

The permission test (tests/core/test_url_catalogue.py), the language test and the bad-input suite
(tests/core/test_bad_input.py) go over `entries()`; a URL pattern the resolver knows and this list
does not fails `test_every_url_pattern_is_in_the_catalogue`, so a new view is covered or named.

A new view: add one `Entry` to `PORTAL` below, e.g.

    Entry("budget:plan_detail", args=lambda s: {"pk": s.plan.pk}, roles_allowed=COORDINATOR_ONLY,
          form_fields=lambda s: {"title": "แผนการใช้จ่าย"}),

with its sample object added to `Samples` and `make_samples`. The Django admin pages of every
registered model are generated from `admin.site._registry`, so a new admin needs nothing here.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import disable_auditlog
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# --- the roles tried ------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
SUPERUSER = "superuser"
# The portal's roles (core.roles.Role), each held by a user of the own department (tests/conftest.py).
PORTAL_ROLES = ("staff", "coordinator", "executive", "auditor")
ROLES = (ANONYMOUS, *PORTAL_ROLES, SUPERUSER)

EVERYONE_LOGGED_IN = frozenset({*PORTAL_ROLES, SUPERUSER})
COORDINATOR_ONLY = frozenset({"coordinator", SUPERUSER})
# Those who record work (evidence, complaints); the executive and the auditor only read.
RECORDERS = frozenset({"staff", "coordinator", SUPERUSER})

# What a role gets: the page, a redirect to the log-in page, refused, or "no such thing" (a record
# outside the role's reach is not told apart from a missing one).
OK = "ok"
LOGIN = "login"
REDIRECT = 302
FORBIDDEN = 403
NOT_FOUND = 404

WRITE_METHODS = ("PUT", "PATCH", "DELETE")


# --- the sample data ------------------------------------------------------------------------------


@dataclass
class Samples:
    """One of each object a URL takes, created by `make_samples`; `admin_objects` holds one instance
    of every model registered in the admin."""

    users: dict[str, User]
    fiscal_year: Any
    measure: Any
    oit_item: Any
    evidence: Any
    revision: Any
    complaint: Any
    attachment: Any
    public_attachment: Any
    point: Any
    deadline: Any
    holiday: Any
    notification: Any
    report: Any
    run: Any
    feed: Any
    spreadsheet_import: Any
    admin_objects: dict[type[models.Model], models.Model] = field(default_factory=dict)


def make_samples(users: dict[str, User], fiscal_year, measure) -> "Samples":
    """One of each object, made through the services where a service makes it (tests' data: not audited)."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from complaints.models import Attachment, Category
    from complaints.services import complaint_submit, guideline_save
    from core.models import Holiday, Organisation, Report, ReportRun
    from core.spreadsheets.imports import import_check, import_spec
    from indicators.models import OITItem
    from indicators.services import evidence_create, evidence_replace_file
    from notifications.models import DeliveryState, Notification
    from satisfaction.models import ServicePoint
    from schedules.models import CalendarFeed, Deadline
    from schedules.services import deadlines_ensure_defaults
    from tests.conftest import PDF_BYTES, PNG_BYTES

    coordinator = users["coordinator"]
    superuser = users[SUPERUSER]
    with disable_auditlog():
        organisation = Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first() or Organisation(
            pk=Organisation.SINGLETON_PK, name_th="หน่วยงานทดสอบ", name_en="Test body"
        )
        organisation.logo.save("logo.png", ContentFile(PNG_BYTES), save=False)
        organisation.save()
        oit_item = OITItem.objects.filter(sub_indicator__indicator__framework__fiscal_year=fiscal_year).first()

        def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
            return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")

        evidence = evidence_create(
            user=users["staff"],
            title="หลักฐานตัวอย่าง",
            effective_date=datetime.date(2021, 3, 1),
            measure=measure,
            upload=pdf(),
        )
        evidence_replace_file(user=users["staff"], evidence=evidence, upload=pdf("second.pdf"))
        revision = evidence.revisions.get()
        category = Category.objects.filter(is_corruption=False).first()
        complaint = complaint_submit(category=category, subject="ถนนชำรุด", description="หลุมลึก", anonymous=True)
        attachments = []
        for public in (False, True):
            attachment = Attachment(
                complaint=complaint,
                public=public,
                original_name="photo.pdf",
                content_type="application/pdf",
                size=len(PDF_BYTES),
                sha256="0" * 64,
            )
            attachment.file.save("photo.pdf", ContentFile(PDF_BYTES), save=False)
            attachment.save()
            attachments.append(attachment)
        point = ServicePoint.objects.create(name="งานทะเบียน", department=measure.department)
        deadlines_ensure_defaults(fiscal_year)
        deadline = Deadline.objects.filter(fiscal_year=fiscal_year).order_by("pk").first()
        deadline.done_at = datetime.datetime(2021, 3, 1, tzinfo=datetime.UTC)
        deadline.done_by = coordinator
        deadline.proof_file.save("proof.pdf", ContentFile(PDF_BYTES), save=False)
        deadline.save()
        holiday = Holiday.objects.create(date=datetime.date(2021, 4, 13), name_th="สงกรานต์", name_en="Songkran")
        notification = Notification.objects.create(
            key="catalogue-sample",
            source="catalogue",
            recipient=coordinator,
            subject="ทดสอบ",
            link="/",
            state=DeliveryState.FAILED,
        )
        # The year's evidence index (the year's package needs it), stored as the renderer stores one.
        report = Report(
            kind="evidence_index",
            title="ดัชนีหลักฐาน",
            fiscal_year=fiscal_year,
            round="full",
            size=len(PDF_BYTES),
            sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
            generated_by=coordinator,
        )
        report.file.save("index.pdf", ContentFile(PDF_BYTES), save=False)
        report.save()
        run = ReportRun.objects.create(kind="o43", fiscal_year=fiscal_year, round="h1", requested_by=coordinator)
        feed = CalendarFeed.objects.create(user=coordinator)
        spreadsheet_import = import_check(spec=import_spec("holidays"), upload=holidays_csv(), user=coordinator)
        guideline_save(user=coordinator, title="แนวทางการจัดการเรื่องร้องเรียน", body="ขั้นตอน", published=True)
    samples = Samples(
        users=users,
        fiscal_year=fiscal_year,
        measure=measure,
        oit_item=oit_item,
        evidence=evidence,
        revision=revision,
        complaint=complaint,
        attachment=attachments[0],
        public_attachment=attachments[1],
        point=point,
        deadline=deadline,
        holiday=holiday,
        notification=notification,
        report=report,
        run=run,
        feed=feed,
        spreadsheet_import=spreadsheet_import,
    )
    for model in admin.site._registry:
        instance = model._default_manager.order_by("pk").first()
        if instance is None:
            instance = _admin_sample(model, samples, superuser)
        samples.admin_objects[model] = instance
    return samples


def holidays_csv() -> Any:
    """A holidays file as the import's template asks for it (its headers in the current language)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.spreadsheets.imports import import_spec

    headers = ",".join(import_spec("holidays").headers())
    content = f"{headers}\n2021-05-04,วันฉัตรมงคล,Coronation Day\n".encode()
    return SimpleUploadedFile("holidays.csv", content, content_type="text/csv")


def _admin_sample(model: type[models.Model], samples: Samples, superuser: User) -> models.Model:
    """One row of an admin model the portal's own samples did not create."""
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule

    from satisfaction.models import Recommendation

    now = datetime.datetime.now(datetime.UTC)
    visit = {"user_agent": "test", "ip_address": "127.0.0.1", "username": "nobody", "path_info": "/accounts/login/"}
    made: dict[type[models.Model], Callable[[], models.Model]] = {
        AccessAttempt: lambda: AccessAttempt.objects.create(**visit, failures_since_start=1),
        AccessFailureLog: lambda: AccessFailureLog.objects.create(**visit),
        AccessLog: lambda: AccessLog.objects.create(**visit),
        LogEntry: lambda: LogEntry.objects.log_create(samples.holiday, action=LogEntry.Action.UPDATE, changes="{}"),
        ClockedSchedule: lambda: ClockedSchedule.objects.create(clocked_time=now),
        IntervalSchedule: lambda: IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS),
        SolarSchedule: lambda: SolarSchedule.objects.create(event="sunrise", latitude=6.25, longitude=102.05),
        Recommendation: lambda: Recommendation.objects.create(
            fiscal_year=samples.fiscal_year, round="h1", text="ปรับปรุงที่จอดรถ", updated_by=superuser
        ),
    }
    if model not in made:
        raise LookupError(
            f"the catalogue has no sample {model._meta.label} for its admin pages: add one to _admin_sample"
        )
    return made[model]()


# --- the entries ---------------------------------------------------------------------------------

Args = Callable[[Samples], dict[str, Any]]


def _no_args(samples: Samples) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    """One URL pattern: how to build its address, which methods it handles and who may open it.

    ``roles_allowed`` get ``ok_status`` (the page, or a redirect for a POST-only action); the other
    logged-in roles get ``denied`` (403, or 404 where a record outside one's reach looks missing);
    an anonymous visitor is sent to log in unless the page is ``public``. ``query_params`` and
    ``form_fields`` give a valid value of each parameter the view reads (the bad-input suite spoils
    them one at a time); ``form_fields`` may be a function of the samples."""

    name: str
    args: Args = _no_args
    methods: tuple[str, ...] = ("GET",)
    public: bool = False
    roles_allowed: frozenset[str] = EVERYONE_LOGGED_IN
    ok_status: int = 200
    denied: dict[str, int | str] = field(default_factory=dict)
    query_params: dict[str, str] = field(default_factory=dict)
    form_fields: Callable[[Samples], dict[str, Any]] | None = None
    login_url: str = "/accounts/login/"
    # Django's own views (the admin, log-in, language switch) keep Django's answers to other methods.
    django_view: bool = False
    # Streams a file or CSV: the tests read the whole body.
    download: bool = False
    # Tells apart entries of one name with different arguments (the admin's page of each app).
    variant: str = ""

    def url(self, samples: Samples, **override: Any) -> str:
        kwargs = self.args(samples) | override
        return reverse(self.name, kwargs=kwargs) if kwargs else reverse(self.name)

    def expected(self, role: str) -> int | str:
        """What ``role`` gets on this entry's first method: OK, LOGIN or a status code."""
        if self.public:
            return self.denied.get(role, OK)
        if role == ANONYMOUS:
            return LOGIN
        if role in self.denied:
            return self.denied[role]
        if role in self.roles_allowed:
            return OK
        return FORBIDDEN

    @property
    def takes_arguments(self) -> bool:
        return self.args is not _no_args

    @property
    def handles_get(self) -> bool:
        return "GET" in self.methods

    @property
    def key(self) -> str:
        """Unique among the entries: the name, and the variant when one name is listed with several arguments."""
        return f"{self.name}[{self.variant}]" if self.variant else self.name


def pk_of(attribute: str) -> Args:
    return lambda samples: {"pk": getattr(samples, attribute).pk}


def _everyone_but(*roles: str) -> frozenset[str]:
    return EVERYONE_LOGGED_IN - set(roles)


REPORT_READERS = frozenset({"coordinator", "executive", "auditor", SUPERUSER})
STAFF_OUT = {"staff": FORBIDDEN}


def _measure_form(samples: Samples) -> dict[str, Any]:
    measure = samples.measure
    return {
        "indicator": measure.indicator_id,
        "number": "9",
        "text": "มาตรการทดสอบ",
        "sub_points": "ข้อหนึ่ง\nข้อสอง",
        "department": measure.department_id,
        "frequency": measure.frequency,
        "due_date": "2021-09-30",
        "evidence_required": "1",
        "oit_items": [samples.oit_item.pk],
    }


def _evidence_form(samples: Samples) -> dict[str, Any]:
    return {"title": "หลักฐานใหม่", "description": "", "effective_date": "2021-03-01", "url": "https://example.org/a"}


def _deadline_form(samples: Samples) -> dict[str, Any]:
    return {
        "fiscal_year": samples.fiscal_year.pk,
        "title": "ส่งรายงาน",
        "description": "",
        "starts_on": "2021-01-01",
        "due_on": "2021-01-31",
        "responsible": [samples.users["coordinator"].pk],
    }


def _complaint_form_token() -> str:
    """A fresh one-time token, as the form page gives (one per submission)."""
    from complaints.forms import new_form_token

    return new_form_token()


def _corruption_category() -> int:
    from complaints.models import Category

    return Category.objects.get(is_corruption=True).pk


PORTAL: list[Entry] = [
    # --- the public pages and log-in -----------------------------------------------------------
    Entry("home", public=True, query_params={"year": "2564"}),
    Entry(
        "login",
        public=True,
        methods=("GET", "POST"),
        django_view=True,
        denied=dict.fromkeys(EVERYONE_LOGGED_IN, REDIRECT),
        form_fields=lambda s: {"username": "nobody", "password": "wrong-password-1"},
    ),
    Entry("logout", methods=("POST",), public=True, ok_status=302, django_view=True),
    Entry(
        "password_change",
        methods=("GET", "POST"),
        django_view=True,
        form_fields=lambda s: {"old_password": "x", "new_password1": "y", "new_password2": "z"},
    ),
    Entry("password_change_done", django_view=True),
    Entry(
        "password_reset",
        public=True,
        methods=("GET", "POST"),
        django_view=True,
        form_fields=lambda s: {"email": "nobody@example.org"},
    ),
    Entry("password_reset_done", public=True, django_view=True),
    Entry(
        "password_reset_confirm",
        public=True,
        methods=("GET", "POST"),
        django_view=True,
        args=lambda s: {"uidb64": "MQ", "token": "set-password"},
    ),
    Entry("password_reset_complete", public=True, django_view=True),
    Entry(
        "set_language",
        public=True,
        methods=("POST",),
        ok_status=302,
        django_view=True,
        form_fields=lambda s: {"language": "en", "next": "/"},
    ),
    # --- core ----------------------------------------------------------------------------------
    Entry(
        "core:organisation_edit",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {
            "name_th": "เทศบาลทดสอบ",
            "name_en": "Test",
            "address": "ตำบลทดสอบ",
            "phone": "073000000",
            "email": "a@example.org",
            "website": "",
            "facebook_url": "",
            "coordinating_department": "",
        },
    ),
    Entry("core:organisation_logo", public=True, download=True),
    Entry(
        "core:audit_log",
        roles_allowed=frozenset({"coordinator", "auditor", SUPERUSER}),
        query_params={
            "model": "",
            "actor": "",
            "action": "",
            "date_from": "2021-01-01",
            "date_to": "2021-12-31",
            "q": "หลักฐาน",
            "page": "1",
        },
    ),
    Entry("core:report_download", args=pk_of("report"), roles_allowed=REPORT_READERS, download=True),
    Entry("core:report_run", args=pk_of("run"), roles_allowed=REPORT_READERS),
    Entry("core:verify", public=True, methods=("GET", "POST"), query_params={"code": "ABCD-EFGH"}),
    Entry("core:verify_code", public=True, args=lambda s: {"code": s.report.verification_code}),
    Entry(
        "core:holiday_list",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        query_params={"page": "1"},
        form_fields=lambda s: {"date": "2021-05-04", "name_th": "วันฉัตรมงคล", "name_en": "Coronation Day"},
    ),
    Entry(
        "core:holiday_delete", args=pk_of("holiday"), methods=("POST",), roles_allowed=COORDINATOR_ONLY, ok_status=302
    ),
    # The spreadsheet import (the holidays' is core's own); an import is seen by the one who uploaded it.
    Entry(
        "core:import_upload",
        args=lambda s: {"kind": "holidays"},
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {"file": holidays_csv()},
    ),
    Entry(
        "core:import_template",
        args=lambda s: {"kind": "holidays", "fmt": "xlsx"},
        roles_allowed=COORDINATOR_ONLY,
        download=True,
    ),
    Entry(
        "core:import_preview",
        args=pk_of("spreadsheet_import"),
        roles_allowed=frozenset({"coordinator"}),
        denied=dict.fromkeys(("staff", "executive", "auditor", SUPERUSER), NOT_FOUND),
    ),
    Entry(
        "core:import_commit",
        args=pk_of("spreadsheet_import"),
        methods=("POST",),
        roles_allowed=frozenset({"coordinator"}),
        denied=dict.fromkeys(("staff", "executive", "auditor", SUPERUSER), NOT_FOUND),
        ok_status=302,
    ),
    # --- indicators ----------------------------------------------------------------------------
    Entry("indicators:measure_list", query_params={"year": "2564"}),
    Entry("indicators:my_measures", query_params={"year": "2564"}),
    Entry(
        "indicators:measure_create",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        query_params={"year": "2564"},
        form_fields=_measure_form,
    ),
    Entry("indicators:measure_detail", args=pk_of("measure")),
    Entry(
        "indicators:measure_edit",
        args=pk_of("measure"),
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=_measure_form,
    ),
    Entry(
        "indicators:evidence_create_for_measure",
        args=pk_of("measure"),
        methods=("GET", "POST"),
        roles_allowed=RECORDERS,
        form_fields=_evidence_form,
    ),
    Entry("indicators:oit_checklist", query_params={"year": "2564"}),
    Entry(
        "indicators:evidence_create_for_oit_item",
        args=pk_of("oit_item"),
        methods=("GET", "POST"),
        roles_allowed=RECORDERS,
        form_fields=_evidence_form,
    ),
    Entry("indicators:evidence_detail", args=pk_of("evidence")),
    Entry(
        "indicators:evidence_edit",
        args=pk_of("evidence"),
        methods=("GET", "POST"),
        roles_allowed=RECORDERS,
        form_fields=_evidence_form,
    ),
    Entry("indicators:evidence_replace", args=pk_of("evidence"), methods=("GET", "POST"), roles_allowed=RECORDERS),
    Entry(
        "indicators:evidence_review",
        args=pk_of("evidence"),
        methods=("POST",),
        roles_allowed=COORDINATOR_ONLY,
        ok_status=302,
        form_fields=lambda s: {"decision": "approve", "comment": "ครบถ้วน"},
    ),
    Entry(
        "indicators:evidence_publish",
        args=pk_of("evidence"),
        methods=("POST",),
        roles_allowed=COORDINATOR_ONLY,
        ok_status=302,
        form_fields=lambda s: {"published": "1"},
    ),
    # Public once published; until then it is not there for an anonymous visitor.
    Entry(
        "indicators:evidence_file", args=pk_of("evidence"), public=True, denied={ANONYMOUS: NOT_FOUND}, download=True
    ),
    Entry("indicators:revision_file", args=pk_of("revision"), download=True),
    Entry("indicators:review_queue", roles_allowed=COORDINATOR_ONLY, query_params={"page": "1"}),
    Entry(
        "indicators:measures_report",
        methods=("GET", "POST"),
        roles_allowed=REPORT_READERS,
        query_params={"year": "2564"},
        form_fields=lambda s: {"year": "2564", "round": "h1"},
    ),
    Entry("indicators:public_oit", public=True, args=lambda s: {"year": s.fiscal_year.year}),
    # --- archive -------------------------------------------------------------------------------
    Entry(
        "archive:report_list",
        roles_allowed=REPORT_READERS,
        query_params={"kind": "o43", "fiscal_year": "2564", "round": "h1", "generated_by": "", "page": "1"},
    ),
    # The executive and the auditor may ask for no round report: the form refuses the kind.
    Entry(
        "archive:report_request",
        methods=("POST",),
        roles_allowed=REPORT_READERS,
        ok_status=302,
        denied={"executive": 400, "auditor": 400},
        form_fields=lambda s: {"kind": "o43", "fiscal_year": "2564", "round": "h1"},
    ),
    Entry(
        "archive:package_request",
        methods=("POST",),
        roles_allowed=REPORT_READERS,
        ok_status=302,
        form_fields=lambda s: {"fiscal_year": "2564"},
    ),
    Entry(
        "archive:package_download",
        args=lambda s: {"year": s.fiscal_year.year},
        roles_allowed=REPORT_READERS,
        download=True,
    ),
    # --- notifications -------------------------------------------------------------------------
    Entry("notifications:inbox", query_params={"page": "1"}),
    Entry(
        "notifications:open",
        args=pk_of("notification"),
        methods=("POST",),
        ok_status=302,
        roles_allowed=frozenset({"coordinator"}),
        denied={"staff": NOT_FOUND, "executive": NOT_FOUND, "auditor": NOT_FOUND, SUPERUSER: NOT_FOUND},
    ),
    Entry("notifications:mark_all_read", methods=("POST",), ok_status=302),
    Entry("notifications:failed", roles_allowed=COORDINATOR_ONLY, query_params={"page": "1"}),
    Entry(
        "notifications:resend",
        args=pk_of("notification"),
        methods=("POST",),
        roles_allowed=COORDINATOR_ONLY,
        ok_status=302,
    ),
    # --- schedules -----------------------------------------------------------------------------
    Entry("schedules:calendar", query_params={"year": "2564"}),
    Entry(
        "schedules:deadline_create",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        query_params={"year": "2564"},
        form_fields=_deadline_form,
    ),
    Entry(
        "schedules:deadline_edit",
        args=pk_of("deadline"),
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=_deadline_form,
    ),
    Entry(
        "schedules:deadline_done",
        args=pk_of("deadline"),
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {"proof_url": "https://example.org/proof"},
    ),
    Entry(
        "schedules:deadline_reopen",
        args=pk_of("deadline"),
        methods=("POST",),
        roles_allowed=COORDINATOR_ONLY,
        ok_status=302,
    ),
    Entry("schedules:deadline_proof", args=pk_of("deadline"), download=True),
    Entry("schedules:feed_reset", methods=("POST",), ok_status=302),
    Entry("schedules:feed", public=True, args=lambda s: {"token": s.feed.token}),
    # --- complaints ----------------------------------------------------------------------------
    Entry(
        "complaints:new",
        public=True,
        methods=("GET", "POST"),
        query_params={"via": "qr"},
        form_fields=lambda s: {
            "form_token": _complaint_form_token(),
            "category": s.complaint.category_id,
            "subject": "ไฟถนนดับ",
            "description": "ไฟถนนหน้าบ้านดับมาสามวัน",
            "location": "",
            "anonymous": "on",
        },
    ),
    Entry(
        "complaints:corruption",
        public=True,
        methods=("GET", "POST"),
        form_fields=lambda s: {
            "form_token": _complaint_form_token(),
            "category": _corruption_category(),
            "subject": "เรียกรับเงิน",
            "description": "มีการเรียกรับเงิน",
            "anonymous": "on",
        },
    ),
    Entry("complaints:thanks", public=True),
    Entry("complaints:status", public=True, query_params={"code": "ABCD2345"}),
    Entry(
        "complaints:status_attachment",
        public=True,
        args=lambda s: {"code": s.complaint.tracking_code, "pk": s.public_attachment.pk},
        download=True,
    ),
    Entry("complaints:guideline", public=True),
    Entry(
        "complaints:list",
        query_params={
            "state": "",
            "category": "",
            "channel": "",
            "department": "",
            "overdue": "",
            "date_from": "2021-01-01",
            "date_to": "2021-12-31",
            "q": "ถนน",
            "page": "1",
        },
    ),
    Entry(
        "complaints:export",
        download=True,
        query_params={"state": "", "date_from": "2021-01-01", "date_to": "2021-12-31", "q": "ถนน", "identity": "1"},
    ),
    Entry(
        "complaints:export_xlsx",
        download=True,
        query_params={"state": "", "date_from": "2021-01-01", "date_to": "2021-12-31", "q": "ถนน", "identity": "1"},
    ),
    Entry(
        "complaints:record",
        methods=("GET", "POST"),
        form_fields=lambda s: {
            "category": s.complaint.category_id,
            "subject": "ไฟถนนดับ",
            "channel": "telephone",
            "description": "ไฟถนนหน้าบ้านดับ",
            "location": "",
            "anonymous": "on",
            "received_on": "2021-03-01",
            "department": "",
            "form_token": _complaint_form_token(),
        },
        roles_allowed=RECORDERS,
    ),
    # The sample complaint belongs to no department yet: staff see only their department's.
    Entry("complaints:detail", args=pk_of("complaint"), methods=("GET", "POST"), denied={"staff": NOT_FOUND}),
    Entry("complaints:attachment", args=pk_of("attachment"), denied={"staff": NOT_FOUND}, download=True),
    Entry("complaints:overview", roles_allowed=COORDINATOR_ONLY),
    Entry("complaints:statistics", query_params={"year": "2564", "round": "h1"}),
    Entry(
        "complaints:statistics_report",
        methods=("POST",),
        roles_allowed=COORDINATOR_ONLY,
        ok_status=302,
        form_fields=lambda s: {"year": "2564", "round": "h1"},
    ),
    Entry(
        "complaints:guideline_edit",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {"title": "แนวทาง", "body": "ขั้นตอนการรับเรื่อง", "published": "on"},
    ),
    # --- satisfaction --------------------------------------------------------------------------
    Entry("satisfaction:rate", public=True, methods=("GET", "POST"), args=lambda s: {"token": s.point.token}),
    Entry("satisfaction:point_list", query_params={"page": "1"}),
    Entry(
        "satisfaction:point_create",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {
            "name": "งานประปา",
            "department": s.measure.department_id,
            "location": "",
            "service_types": "ชำระค่าน้ำ",
            "is_active": "on",
        },
    ),
    Entry("satisfaction:posters_all", query_params={"size": "A5"}, download=True),
    Entry("satisfaction:point_detail", args=pk_of("point")),
    Entry(
        "satisfaction:point_edit",
        args=pk_of("point"),
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        form_fields=lambda s: {
            "name": "งานประปา",
            "department": s.measure.department_id,
            "location": "",
            "service_types": "ชำระค่าน้ำ",
            "is_active": "on",
        },
    ),
    Entry("satisfaction:point_qr_png", args=pk_of("point"), download=True),
    Entry("satisfaction:point_qr_svg", args=pk_of("point"), download=True),
    Entry("satisfaction:point_poster", args=pk_of("point"), query_params={"size": "A5"}, download=True),
    Entry(
        "satisfaction:questions_edit",
        methods=("GET", "POST"),
        roles_allowed=COORDINATOR_ONLY,
        query_params={"year": "2564"},
    ),
    Entry("satisfaction:results", query_params={"year": "2564", "page": "1"}),
    Entry("satisfaction:results_csv", query_params={"year": "2564"}, download=True),
    Entry("satisfaction:results_xlsx", query_params={"year": "2564"}, download=True),
    Entry(
        "satisfaction:o16",
        methods=("GET", "POST"),
        query_params={"year": "2564", "round": "h1"},
        form_fields=lambda s: {"text": "ปรับปรุงที่จอดรถ"},
    ),
]


# --- the Django admin -----------------------------------------------------------------------------

ADMIN_LOGIN = "/admin/login/"
ADMIN_ONLY = frozenset({SUPERUSER})


def _superuser_request() -> HttpRequest:
    request = HttpRequest()
    request.user = User(is_active=True, is_staff=True, is_superuser=True)
    return request


def _view_on_site(samples: Samples) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    measure = samples.measure
    return {"content_type_id": ContentType.objects.get_for_model(measure).pk, "object_id": measure.pk}


# The admin forms that take settings used in date arithmetic, spoiled by the bad-input suite.
ADMIN_ADD_FORMS: dict[str, Callable[[Samples], dict[str, Any]]] = {
    "core.FiscalYear": lambda s: {"year": "2565"},
    "core.Holiday": lambda s: {"date": "2021-05-04", "name_th": "วันฉัตรมงคล", "name_en": "Coronation Day"},
    "complaints.Category": lambda s: {
        "name_th": "ไฟฟ้าสาธารณะ",
        "name_en": "Street lights",
        "days_to_acknowledge": "3",
        "days_to_resolve": "15",
        "order": "5",
        "active": "on",
    },
}


def _admin_entries() -> list[Entry]:
    """The admin's own pages and, for every registered model, its change list, add, change, delete and
    history pages: the portal roles' users are not admin staff here, so only the superuser gets in."""
    common = {"roles_allowed": ADMIN_ONLY, "login_url": ADMIN_LOGIN, "django_view": True}
    refused = dict.fromkeys(PORTAL_ROLES, LOGIN)
    entries = [
        Entry("admin:index", denied=refused, **common),
        Entry(
            "admin:login",
            public=True,
            methods=("GET", "POST"),
            django_view=True,
            denied={SUPERUSER: REDIRECT},
            form_fields=lambda s: {"username": "nobody", "password": "wrong-password-1"},
        ),
        Entry("admin:logout", methods=("POST",), public=True, ok_status=302, django_view=True),
        Entry("admin:password_change", methods=("GET", "POST"), denied=refused, **common),
        Entry("admin:password_change_done", denied=refused, **common),
        Entry("admin:jsi18n", denied=refused, **common),
        Entry("admin:autocomplete", denied=refused, ok_status=403, **common),
        # No model of the portal has get_absolute_url: the shortcut finds nothing to show.
        Entry("admin:view_on_site", args=_view_on_site, denied=refused, ok_status=404, **common),
        Entry(
            "admin:auth_user_password_change",
            args=lambda s: {"id": s.users["staff"].pk},
            methods=("GET", "POST"),
            denied=refused,
            **common,
        ),
    ]
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    entries += [
        Entry(
            "admin:app_list", args=lambda s, label=label: {"app_label": label}, variant=label, denied=refused, **common
        )
        for label in app_labels
    ]
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        # Records only the portal writes (audit entries, reports, log-in attempts) cannot be added
        # or deleted there, even by the superuser: the admin refuses those pages.
        model_admin = admin.site._registry[model]
        add_status = 200 if model_admin.has_add_permission(_superuser_request()) else 403
        delete_status = 200 if model_admin.has_delete_permission(_superuser_request()) else 403

        def object_id(samples: Samples, model=model) -> dict[str, Any]:
            return {"object_id": samples.admin_objects[model].pk}

        entries += [
            Entry(f"{prefix}_changelist", methods=("GET", "POST"), denied=refused, **common),
            Entry(
                f"{prefix}_add",
                methods=("GET", "POST"),
                denied=refused,
                ok_status=add_status,
                form_fields=ADMIN_ADD_FORMS.get(model._meta.label),
                **common,
            ),
            Entry(f"{prefix}_change", args=object_id, methods=("GET", "POST"), denied=refused, **common),
            Entry(
                f"{prefix}_delete",
                args=object_id,
                methods=("GET", "POST"),
                denied=refused,
                ok_status=delete_status,
                **common,
            ),
            Entry(f"{prefix}_history", args=object_id, denied=refused, **common),
        ]
    return entries


def _admin_unnamed() -> set[str]:
    """The admin's unnamed patterns: the old change address (a redirect), the view-on-site shortcut
    and the catch-all; walked by the admin tests of each app, listed here by route."""
    routes = {"admin/(?P<url>.*)$"}
    for model in admin.site._registry:
        routes.add(f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/")
    return routes


def entries() -> list[Entry]:
    """Every entry: the portal's views and the admin's pages."""
    return PORTAL + _admin_entries()


def by_name(name: str) -> Entry:
    return next(entry for entry in entries() if entry.name == name)


# --- what the resolver knows ------------------------------------------------------------------


def _walk(patterns: list, namespace: str, prefix: str) -> Iterator[tuple[str | None, str, URLPattern]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None, route, pattern)


def resolver_patterns() -> set[str]:
    """Every pattern of the project, by its namespaced name, or by its route when it has none."""
    return {name or route for name, route, _pattern in _walk(get_resolver().url_patterns, "", "")}


def view_of(entry: Entry) -> Callable:
    """The view function an entry's URL calls (the first pattern of that name, as reverse() finds it)."""
    return next(p.callback for name, _route, p in _walk(get_resolver().url_patterns, "", "") if name == entry.name)


def catalogued() -> set[str]:
    return {entry.name for entry in entries()} | _admin_unnamed()
