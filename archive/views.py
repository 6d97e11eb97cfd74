"""Views of the report archive: the list auditors filter and download, report requests and the package."""

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.access import permission_needed
from core.fiscal import Round
from core.models import FiscalYear
from core.params import page_of
from core.report_runs import request_report
from core.round_reports import round_report_label
from core.selectors import reports_filtered

from . import selectors
from .forms import ArchiveFilterForm, PackageForm, RoundReportForm
from .package import year_package
from .selectors import EVIDENCE_INDEX

PAGE_SIZE = 50


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
    page = page_of(reports_filtered(**criteria), PAGE_SIZE, request.GET.get("page"))
    for report in page:  # a page is a list once iterated: the template sees these
        report.kind_label = round_report_label(report.kind)
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
    run = request_report(
        kind=form.cleaned_data["kind"],
        fiscal_year=form.cleaned_data["fiscal_year"],
        round_=form.cleaned_data["round"],
        user=request.user,
    )
    return redirect("core:report_run", pk=run.pk)


@permission_needed("core.view_report")
@require_POST
def package_request(request: HttpRequest) -> HttpResponse:
    """Prepare a fiscal year's package: the index PDF renders in the worker, then the ZIP is offered."""
    form = PackageForm(request.POST)
    if not form.is_valid():
        return _archive_page(request, package_form=form)
    run = request_report(
        kind=EVIDENCE_INDEX,
        fiscal_year=form.cleaned_data["fiscal_year"],
        round_=Round.FULL_YEAR,
        user=request.user,
    )
    return redirect("core:report_run", pk=run.pk)


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
