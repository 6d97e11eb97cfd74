"""Views of the report archive: the list auditors filter and download, report jobs, and verification."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from core.access import permission_needed
from core.fiscal import Round
from core.models import FiscalYear, Organisation, Report
from core.round_reports import round_reports

from . import selectors, services
from .forms import ArchiveFilterForm, PackageForm, RoundReportForm, VerifyCodeForm, VerifyFileForm
from .models import EVIDENCE_INDEX, ReportJob
from .package import year_package

PAGE_SIZE = 50
# Shared by both ways of verifying, so switching between them does not double the allowance.
VERIFY_LIMIT = {
    "group": "archive.verify",
    "key": "ip",
    "block": False,
    "rate": lambda group, request: settings.VERIFY_RATE_LIMIT,
}


def _archive_page(request: HttpRequest, **forms) -> HttpResponse:
    filters = ArchiveFilterForm(request.GET or None)
    criteria = {}
    if filters.is_valid():
        data = filters.cleaned_data
        criteria = {
            "kind": data["kind"],
            "fiscal_year": data["fiscal_year"],
            "round_": data["round"],
            "generated_by": data["generated_by"],
        }
    page = Paginator(selectors.reports_filtered(**criteria), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(selectors.report_kinds())
    for report in page:  # a page is a list once iterated: the template sees these
        report.kind_label = labels.get(report.kind, report.kind)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "query": query.urlencode(),
        "filters": filters,
        "page": page,
        "request_form": forms.get("request_form") or RoundReportForm(user=request.user),
        "package_form": forms.get("package_form") or PackageForm(),
    }
    status = 400 if forms else 200
    return render(request, "archive/report_list.html", context, status=status)


@permission_needed("core.view_report")
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return _archive_page(request)


@permission_needed("core.view_report")
@require_POST
def report_request(request: HttpRequest) -> HttpResponse:
    form = RoundReportForm(request.POST, user=request.user)
    if not form.is_valid():
        return _archive_page(request, request_form=form)
    job = services.report_job_request(
        kind=form.cleaned_data["kind"],
        fiscal_year=form.cleaned_data["fiscal_year"],
        round_=form.cleaned_data["round"],
        user=request.user,
    )
    return redirect("archive:job_detail", pk=job.pk)


@permission_needed("core.view_report")
@require_POST
def package_request(request: HttpRequest) -> HttpResponse:
    """Prepare a fiscal year's package: the index PDF renders in the worker, then the ZIP is offered."""
    form = PackageForm(request.POST)
    if not form.is_valid():
        return _archive_page(request, package_form=form)
    job = services.report_job_request(
        kind=EVIDENCE_INDEX,
        fiscal_year=form.cleaned_data["fiscal_year"],
        round_=Round.FULL_YEAR,
        user=request.user,
    )
    return redirect("archive:job_detail", pk=job.pk)


@permission_needed("core.view_report")
@require_GET
def package_download(request: HttpRequest, year: int) -> HttpResponse | StreamingHttpResponse:
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    if not selectors.year_has_evidence_index(fiscal_year):
        # The package promises the index PDF: say it is missing and offer to prepare it.
        form = PackageForm(initial={"fiscal_year": fiscal_year})
        return render(
            request, "archive/package_missing.html", {"fiscal_year": fiscal_year, "package_form": form}, status=404
        )
    response = StreamingHttpResponse(year_package(fiscal_year), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ita-{fiscal_year.year}-reports.zip"'
    return response


@permission_needed("core.view_report")
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ReportJob.objects.select_related("fiscal_year", "report", "requested_by"), pk=pk)
    labels = {report.kind: report.label for report in round_reports()}
    return render(
        request,
        "archive/job_detail.html",
        {"job": job, "label": labels.get(job.kind, job.kind), "is_package": job.kind == EVIDENCE_INDEX},
    )


def _verification_result(request: HttpRequest, report: Report | None, *, status: int = 200, **context) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=Organisation.SINGLETON_PK).first()
    labels = {report.kind: report.label for report in round_reports()}
    return render(
        request,
        "archive/verify.html",
        {
            "checked": True,
            "report": report,
            "kind_label": labels.get(report.kind, report.kind) if report else "",
            "organisation": organisation,
            "code_form": VerifyCodeForm(),
            "file_form": VerifyFileForm(),
            **context,
        },
        status=status,
    )


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/verify_limited.html", status=429)


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
        return render(
            request, "archive/verify.html", {"code_form": VerifyCodeForm(), "file_form": file_form}, status=400
        )
    code_form = VerifyCodeForm(request.GET or None)
    if code_form.is_valid():
        return redirect("archive:verify_code", code=code_form.cleaned_data["code"])
    return render(request, "archive/verify.html", {"code_form": code_form, "file_form": VerifyFileForm()})


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
