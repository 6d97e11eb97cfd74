"""Views of the indicators app: parse the request, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import AuthenticatedHttpRequest, can_edit_department, department_id_of, permission_needed
from core.dashboard import panels_for
from core.models import FiscalYear
from core.params import page_of
from core.report_runs import request_report
from core.round_reports import round_report
from core.selectors import history_of, reports_filtered

from . import selectors, services
from .forms import EvidenceEditForm, EvidenceForm, MeasureForm, ReplaceFileForm, ReportForm, ReviewForm
from .models import Evidence, EvidenceRevision, OITItem
from .reports import O43_KIND

REVIEW_PAGE_SIZE = 25


def _year_or_404(request: HttpRequest, raw: str | None = None) -> FiscalYear:
    """The fiscal year chosen in the query string (or given as ``raw``, from a posted form)."""
    year = selectors.fiscal_year_chosen(raw if raw is not None else request.GET.get("year"))
    if year is None:
        raise Http404(_("No ITA framework has been loaded yet."))
    return year


def _year_context(year: FiscalYear) -> dict:
    return {"fiscal_year": year, "fiscal_years": selectors.fiscal_years_with_framework()}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    year = selectors.fiscal_year_chosen(request.GET.get("year"))
    if not request.user.is_authenticated:
        return render(request, "indicators/public_home.html", {"fiscal_year": year})
    context: dict[str, object] = {"fiscal_year": year, "fiscal_years": selectors.fiscal_years_with_framework()}
    if year is not None:
        context["indicators"] = selectors.indicator_progress(request.user, year)
        context["oit_scores"] = selectors.oit_checklist(request.user, year)
        context["my_measures"] = selectors.my_measures(request.user, year)[:10]
        context["panels"] = panels_for(request.user, year)
    if request.user.has_perm("indicators.review_evidence"):
        context["review_count"] = selectors.review_queue().count()
    return render(request, "indicators/home.html", context)


@require_GET
@login_required
def measure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year_or_404(request)
    measures = selectors.measures_visible(request.user, year)
    return render(
        request,
        "indicators/measure_list.html",
        {**_year_context(year), "indicators": selectors.indicator_progress(request.user, year), "measures": measures},
    )


@require_GET
@login_required
def my_measures(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year_or_404(request)
    return render(
        request,
        "indicators/my_measures.html",
        {**_year_context(year), "measures": selectors.my_measures(request.user, year)},
    )


@require_GET
@login_required
def measure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    evidence = selectors.evidence_visible(request.user).filter(measure=measure)
    return render(
        request,
        "indicators/measure_detail.html",
        {
            "measure": measure,
            "evidence_list": evidence,
            "history": history_of(measure)[:50],
            "can_add_evidence": request.user.has_perm("indicators.add_evidence")
            and can_edit_department(request.user, measure.department_id),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_needed("indicators.add_measure")
def measure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year_or_404(request)
    return _measure_form(request, year, None)


@require_http_methods(["GET", "POST"])
@permission_needed("indicators.change_measure")
def measure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    return _measure_form(request, measure.fiscal_year, measure)


def _measure_form(request: AuthenticatedHttpRequest, year: FiscalYear, measure) -> HttpResponse:
    form = MeasureForm(request.POST or None, instance=measure, framework=year.framework)
    if request.method == "POST" and form.is_valid():
        measure = form.save()
        messages.success(request, _("The measure was saved."))
        return redirect("indicators:measure_detail", pk=measure.pk)
    return render(request, "indicators/measure_form.html", {"form": form, "measure": measure, "fiscal_year": year})


def _evidence_form_page(request: AuthenticatedHttpRequest, *, measure=None, oit_item=None) -> HttpResponse:
    if not request.user.has_perm("indicators.add_evidence"):
        raise PermissionDenied(services.NOT_YOUR_DEPARTMENT)
    department_id = measure.department_id if measure else department_id_of(request.user)
    if measure is not None and not can_edit_department(request.user, department_id):
        raise PermissionDenied(services.NOT_YOUR_DEPARTMENT)
    choices = measure.oit_items.all() if measure is not None else None
    proved = measure or oit_item
    year_be = proved.fiscal_year.year if proved is not None else None
    form = EvidenceForm(request.POST or None, request.FILES or None, year_be=year_be, oit_items=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evidence = services.evidence_create(
                user=request.user,
                measure=measure,
                oit_item=oit_item or data.get("oit_item"),
                title=data["title"],
                description=data["description"],
                effective_date=data["effective_date"],
                upload=data.get("file"),
                url=data.get("url", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The evidence was uploaded and awaits review."))
            return redirect("indicators:evidence_detail", pk=evidence.pk)
    return render(request, "indicators/evidence_form.html", {"form": form, "measure": measure, "oit_item": oit_item})


@require_http_methods(["GET", "POST"])
@login_required
def evidence_create_for_measure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _evidence_form_page(request, measure=selectors.measure_get(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def evidence_create_for_oit_item(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _evidence_form_page(request, oit_item=get_object_or_404(OITItem, pk=pk))


@require_GET
@login_required
def evidence_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get(request.user, pk)
    can_edit = services.can_edit_evidence(request.user, evidence)
    return render(
        request,
        "indicators/evidence_detail.html",
        {
            "evidence": evidence,
            "revisions": evidence.revisions.select_related("uploaded_by", "replaced_by"),
            "history": history_of(evidence)[:50],
            "can_edit": can_edit,
            "review_form": ReviewForm() if request.user.has_perm("indicators.review_evidence") else None,
            "replace_form": ReplaceFileForm() if can_edit and evidence.file else None,
        },
    )


def _editable_evidence(request: AuthenticatedHttpRequest, pk: int) -> Evidence:
    evidence = selectors.evidence_get(request.user, pk)
    if not services.can_edit_evidence(request.user, evidence):
        raise PermissionDenied(services.NOT_YOUR_DEPARTMENT)
    return evidence


@require_http_methods(["GET", "POST"])
@login_required
def evidence_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = _editable_evidence(request, pk)
    form = EvidenceEditForm(request.POST or None, instance=evidence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_update(
                user=request.user,
                evidence=evidence,
                title=data["title"],
                description=data["description"],
                effective_date=data["effective_date"],
                url=data.get("url", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The evidence was saved and awaits review again."))
            return redirect("indicators:evidence_detail", pk=evidence.pk)
    return render(request, "indicators/evidence_edit.html", {"form": form, "evidence": evidence})


@require_http_methods(["GET", "POST"])
@login_required
def evidence_replace(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = _editable_evidence(request, pk)
    form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_replace_file(user=request.user, evidence=evidence, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("The new file was saved; the earlier one is kept as a revision."))
            return redirect("indicators:evidence_detail", pk=evidence.pk)
    return render(request, "indicators/evidence_replace.html", {"form": form, "evidence": evidence})


@require_POST
@permission_needed("indicators.review_evidence")
def evidence_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get(request.user, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.evidence_approve(user=request.user, evidence=evidence, comment=comment)
            messages.success(request, _("The evidence was approved."))
        else:
            services.evidence_return(user=request.user, evidence=evidence, comment=comment)
            messages.success(request, _("The evidence was returned with your comment."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
            next_url = reverse("indicators:review_queue")  # never leave the site
        return redirect(next_url)
    for errors in form.errors.values():
        for error in errors:
            # An ErrorList yields its messages as text; django-stubs type its items as ValidationError too.
            messages.error(request, error)  # type: ignore[arg-type]
    return redirect("indicators:evidence_detail", pk=evidence.pk)


@require_POST
@permission_needed("indicators.publish_evidence")
def evidence_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get(request.user, pk)
    publish = request.POST.get("published") == "1"
    try:
        services.evidence_set_published(user=request.user, evidence=evidence, published=publish)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Published on the public OIT page.") if publish else _("Unpublished."))
    return redirect("indicators:evidence_detail", pk=evidence.pk)


def _file_response(field, filename: str, content_type: str) -> FileResponse:
    inline = content_type in {"application/pdf", "image/jpeg", "image/png"}
    response = FileResponse(
        field.open("rb"),
        as_attachment=not inline,
        filename=filename or field.name.rsplit("/", 1)[-1],
        content_type=content_type or "application/octet-stream",
    )
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Published evidence is public; anything else only for users who may see it."""
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    if not evidence.is_public:
        evidence = selectors.evidence_get(request.user, pk)
    return _file_response(evidence.file, evidence.original_filename, evidence.content_type)


@require_GET
@login_required
def revision_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    revision = get_object_or_404(EvidenceRevision, pk=pk)
    selectors.evidence_get(request.user, revision.evidence_id)  # permission via the evidence
    return _file_response(revision.file, revision.original_filename, revision.content_type)


@require_GET
@permission_needed("indicators.review_evidence")
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = page_of(selectors.review_queue(), REVIEW_PAGE_SIZE, request.GET.get("page"))
    return render(request, "indicators/review_queue.html", {"page": page, "review_form": ReviewForm()})


@require_GET
@login_required
def oit_checklist(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year_or_404(request)
    return render(
        request,
        "indicators/oit_checklist.html",
        {**_year_context(year), "scores": selectors.oit_checklist(request.user, year)},
    )


@require_GET
def public_oit(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = get_object_or_404(FiscalYear, year=year, framework__isnull=False)
    return render(
        request,
        "indicators/public_oit.html",
        {"fiscal_year": fiscal_year, "scores": selectors.oit_checklist(request.user, fiscal_year, public=True)},
    )


@require_http_methods(["GET", "POST"])
@permission_needed("core.view_report")
def measures_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The O43 report of a fiscal year: the copies the archive holds, and for those who may generate
    it (generating attaches it as evidence awaiting review) a form whose post has the worker prepare it."""
    may_generate = round_report(O43_KIND).may_generate(request.user)
    posted = request.method == "POST"
    if posted and not may_generate:
        raise PermissionDenied
    year = _year_or_404(request, request.POST.get("year") if posted else None)
    form = ReportForm(request.POST if posted else None) if may_generate else None
    if form is None or not form.is_valid():
        context = {**_year_context(year), "form": form, "archived": reports_filtered(kind=O43_KIND, fiscal_year=year)}
        return render(request, "indicators/measures_report_form.html", context)
    run = request_report(kind=O43_KIND, fiscal_year=year, round_=form.cleaned_data["round"], user=request.user)
    return redirect("core:report_run", pk=run.pk)
