"""Views of the core app: organisation profile, logo, audit log, reports (their runs, downloads and public
verification) and public holidays."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from . import selectors, services
from .access import permission_needed
from .audit import rows_with_changes
from .forms import AuditLogFilterForm, HolidayForm, OrganisationForm, VerifyCodeForm, VerifyFileForm
from .models import Holiday, Organisation, Report
from .params import page_of
from .round_reports import round_report_label, round_report_offer
from .selectors import audit_log_entries, audited_content_types

AUDIT_PAGE_SIZE = 50
# Shared by both ways of verifying, so switching between them does not double the allowance.
VERIFY_LIMIT = {
    "group": "core.verify",
    "key": "ip",
    "block": False,
    "rate": lambda group, request: settings.VERIFY_RATE_LIMIT,
}


@require_http_methods(["GET", "POST"])
@permission_needed("core.change_organisation")
def organisation_edit(request: HttpRequest) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first() or Organisation()
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The organisation profile was saved."))
        return redirect("core:organisation_edit")
    return render(request, "core/organisation_form.html", {"form": form})


@require_GET
def organisation_logo(request: HttpRequest) -> FileResponse:
    organisation = selectors.organisation()
    if not organisation or not organisation.logo:
        raise Http404
    response = FileResponse(organisation.logo.open("rb"))
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@permission_needed("auditlog.view_logentry")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditLogFilterForm(request.GET or None, content_types=audited_content_types())
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "content_type": data["model"],
            "actor": data["actor"],
            "action": data["action"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "text": data["q"],
        }
    entries = audit_log_entries(request.user, **filters)
    if form.errors:  # a filter that could not be read must not quietly list everything
        entries = entries.none()
    page = page_of(entries, AUDIT_PAGE_SIZE, request.GET.get("page"))
    return render(request, "core/audit_log.html", {"form": form, "page": page, "rows": rows_with_changes(page)})


@require_GET
@permission_needed("core.view_report")
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = get_object_or_404(Report, pk=pk)
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=f"{report.kind}-{report.generated_at:%Y%m%d-%H%M%S}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = report.sha256
    return response


@require_http_methods(["GET", "POST"])
@permission_needed("core.change_holiday")
def holiday_list(request: HttpRequest) -> HttpResponse:
    """The public holidays skipped when working-day deadlines are counted; the coordinator adds and removes them,
    and the deadlines of open work counted across the day move with them."""
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.holiday_save(holiday=form.save(commit=False))
        messages.success(request, _("The holiday was added."))
        return redirect("core:holiday_list")
    page = page_of(Holiday.objects.order_by("-date"), AUDIT_PAGE_SIZE, request.GET.get("page"))
    return render(request, "core/holiday_list.html", {"form": form, "page": page})


@require_POST
@permission_needed("core.delete_holiday")
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.holiday_delete(holiday=get_object_or_404(Holiday, pk=pk))
    messages.success(request, _("The holiday was removed."))
    return redirect("core:holiday_list")


@permission_needed("core.view_report")
@require_GET
def report_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The page a person waits on while the worker prepares the report they asked for."""
    run = selectors.report_run(pk)
    if run is None:
        raise Http404
    context = {"run": run, "label": round_report_label(run.kind), "offer": round_report_offer(run)}
    return render(request, "core/report_run.html", context)


def _verification_result(request: HttpRequest, report: Report | None, *, status: int = 200, **context) -> HttpResponse:
    return render(
        request,
        "core/verify.html",
        {
            "checked": True,
            "report": report,
            "kind_label": round_report_label(report.kind) if report else "",
            "organisation": selectors.organisation(),
            "code_form": VerifyCodeForm(),
            "file_form": VerifyFileForm(),
            **context,
        },
        status=status,
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "core/verify_limited.html", status=429)


@require_http_methods(["GET", "POST"])
@ratelimit(**VERIFY_LIMIT, method=ratelimit.ALL)
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone may check a report: by its code (a GET form) or by uploading the file (compared by hash)."""
    if getattr(request, "limited", False):
        return _too_many(request)
    if request.method == "POST":
        file_form = VerifyFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            # The upload is only hashed, never kept.
            report = selectors.report_by_sha256(file_form.inspected.sha256)
            return _verification_result(request, report, by_file=True, file_form=file_form)
        return render(request, "core/verify.html", {"code_form": VerifyCodeForm(), "file_form": file_form}, status=400)
    code_form = VerifyCodeForm(request.GET or None)
    if code_form.is_valid():
        return redirect("core:verify_code", code=code_form.cleaned_data["code"])
    return render(request, "core/verify.html", {"code_form": code_form, "file_form": VerifyFileForm()})


@ratelimit(**VERIFY_LIMIT, method=ratelimit.ALL)
@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _too_many(request)
    report = selectors.report_by_code(code)
    if report is None:
        # Same page and status for every unknown code: nothing to learn from trying.
        return _verification_result(request, None, code=code, status=404)
    return _verification_result(request, report, code=code)
