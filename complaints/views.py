"""Views of the complaints app: the public forms and status page, and the handlers' and coordinator's screens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit import ALL
from django_ratelimit.core import get_usage, is_ratelimited

from core.access import permission_needed
from core.fiscal import Round
from core.params import page_of
from core.report_runs import request_report
from core.selectors import fiscal_year_chosen
from core.spreadsheets import spreadsheet_response

from . import selectors, services
from .export import complaint_export_rows
from .forms import (
    ComplaintFilterForm,
    GuidelineForm,
    PublicComplaintForm,
    StaffComplaintForm,
    StatisticsForm,
    StatusLookupForm,
    StepForm,
)
from .models import Attachment, Category, Channel, Complaint, Guideline, normalise_tracking_code
from .reports import O31_KIND

PAGE_SIZE = 50
SESSION_CODE = "complaints.last_tracking_code"


# --- public ------------------------------------------------------------------


def _rate_limited(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/public/rate_limited.html", status=429)


def _limited(request: HttpRequest, group: str, rate: str, *, increment: bool) -> bool:
    """Per client address, kept in the cache: one flooding client does not slow anybody else down."""
    return is_ratelimited(request, group=group, key="ip", rate=rate, method=ALL, increment=increment)


def _public_form(request: HttpRequest, *, corruption: bool, template: str, extra: dict) -> HttpResponse:
    categories = Category.objects.filter(active=True, is_corruption=corruption)
    if request.method == "POST":
        if _limited(request, "complaints.submit", settings.COMPLAINTS_SUBMIT_RATE, increment=True):
            return _rate_limited(request)
        form = PublicComplaintForm(request.POST, request.FILES, categories=categories)
        if form.is_robot:
            return redirect("complaints:thanks")  # nothing is stored, and the robot learns nothing
        if form.is_valid():
            channel = Channel.QR if request.GET.get("via") == "qr" else Channel.WEB
            try:
                complaint = services.complaint_submit(**form.submission(), channel=channel)
            except services.DuplicateSubmissionError:
                messages.info(request, services.DUPLICATE_SUBMISSION)
                return redirect("complaints:thanks")
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[SESSION_CODE] = complaint.tracking_code
                return redirect("complaints:thanks")
    else:
        form = PublicComplaintForm(categories=categories)
    return render(
        request,
        template,
        {"form": form, "corruption": corruption, "upload_limit": settings.UPLOAD_MAX_BYTES, **extra},
    )


@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    return _public_form(request, corruption=False, template="complaints/public/form.html", extra={})


@require_http_methods(["GET", "POST"])
def corruption_channel(request: HttpRequest) -> HttpResponse:
    """The O30 page: the separate, confidential channel for corruption and misconduct complaints."""
    return _public_form(request, corruption=True, template="complaints/public/corruption.html", extra={})


@require_GET
def complaint_thanks(request: HttpRequest) -> HttpResponse:
    # Shown once: on a shared phone or kiosk the next person must not find the code here.
    code = request.session.pop(SESSION_CODE, "")
    return render(request, "complaints/public/thanks.html", {"code": code})


def _guessing(request: HttpRequest) -> bool:
    """Has this client used up its wrong tracking codes? Right codes never count."""
    usage = get_usage(request, group="complaints.lookup", key="ip", rate=settings.COMPLAINTS_LOOKUP_RATE, method=ALL)
    return usage is not None and usage["count"] >= usage["limit"]


def _public_complaint(request: HttpRequest, code: str) -> Complaint | None:
    """The complaint of a code, counting each miss against the client so codes cannot be guessed."""
    complaint = Complaint.objects.filter(tracking_code=normalise_tracking_code(code)).first() if code else None
    if complaint is None:
        _limited(request, "complaints.lookup", settings.COMPLAINTS_LOOKUP_RATE, increment=True)
    return complaint


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    """The public status page: the history and public replies of one complaint, for whoever holds its code."""
    if _guessing(request):
        return _rate_limited(request)
    form = StatusLookupForm(request.GET if "code" in request.GET else None)
    complaint = events = None
    if form.is_valid():
        complaint = _public_complaint(request, form.cleaned_data["code"])
        if complaint is None:
            form.add_error("code", _("No complaint has this tracking code. Check the code and try again."))
        else:
            events = selectors.public_history(complaint)
    return render(request, "complaints/public/status.html", {"form": form, "complaint": complaint, "events": events})


@require_GET
def status_attachment(request: HttpRequest, code: str, pk: int) -> FileResponse:
    if _guessing(request):
        raise Http404
    complaint = _public_complaint(request, code)
    attachment = get_object_or_404(Attachment, pk=pk, complaint=complaint, public=True) if complaint else None
    if attachment is None:
        raise Http404
    return _file_response(attachment)


@require_GET
def guideline(request: HttpRequest) -> HttpResponse:
    """The O29 complaint-handling guideline, once the coordinator has published it."""
    text = Guideline.objects.filter(pk=Guideline.SINGLETON_PK).first()
    if text is None or not (text.published or request.user.has_perm("complaints.coordinate_complaints")):
        raise Http404
    return render(request, "complaints/public/guideline.html", {"guideline": text})


# --- staff -------------------------------------------------------------------


def _file_response(attachment: Attachment) -> FileResponse:
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.complaint.tracking_code}-{attachment.pk}.{attachment.file.name.rsplit('.', 1)[-1]}",
        content_type=attachment.content_type,
    )


def _filters(request: HttpRequest) -> tuple[ComplaintFilterForm, selectors.ComplaintFilters | None]:
    """The list's filters; None when the query is not valid, so the list and the CSV show nothing
    (and the form says why) instead of everything."""
    form = ComplaintFilterForm(request.GET or None, categories=selectors.categories_for(request.user))
    if not form.is_bound:
        return form, selectors.ComplaintFilters()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, selectors.ComplaintFilters(
        state=data["state"],
        category=data["category"],
        channel=data["channel"],
        department_id=data["department"].pk if data["department"] else None,
        overdue=data["overdue"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        text=data["q"].strip(),
    )


def _listed(request: HttpRequest, filters: selectors.ComplaintFilters | None) -> QuerySet[Complaint]:
    complaints = selectors.complaint_list(request.user, filters or selectors.ComplaintFilters(), timezone.localdate())
    return complaints if filters is not None else complaints.none()


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@permission_needed("complaints.view_complaint")
def complaint_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    complaints = _listed(request, filters)
    page = page_of(complaints, PAGE_SIZE, request.GET.get("page"))
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "may_export_identity": selectors.can_see_identity(request.user),
        },
    )


@require_GET
@permission_needed("complaints.view_complaint")
def complaint_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The list as CSV or XLSX, with the same filters; who filed appears only when asked for by a user allowed
    to see it."""
    _form, filters = _filters(request)
    with_identity = request.GET.get("identity") == "1" and selectors.can_see_identity(request.user)
    rows = complaint_export_rows(_listed(request, filters), with_identity=with_identity)
    return spreadsheet_response(rows, f"complaints-{timezone.localdate():%Y%m%d}", fmt)


@require_http_methods(["GET", "POST"])
@permission_needed("complaints.add_complaint")
def complaint_record(request: HttpRequest) -> HttpResponse:
    """Staff record a complaint that came by telephone, letter, Facebook, the suggestion box …"""
    # Every active category, the corruption ones too: a corruption complaint that came by telephone or
    # letter is filed as one (and leaves the recorder's sight), not as a general complaint of their department.
    form = StaffComplaintForm(
        request.POST or None,
        request.FILES or None,
        categories=Category.objects.filter(active=True),
        initial={"received_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_submit(**form.submission(), recorded_by=request.user)
        except services.DuplicateSubmissionError:
            messages.info(request, _("This form was already sent, and the complaint was recorded once."))
            return redirect("complaints:list")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            code = {"code": complaint.tracking_code}
            if selectors.complaints_visible_to(request.user).filter(pk=complaint.pk).exists():
                messages.success(request, _("Complaint %(code)s was recorded.") % code)
                return redirect("complaints:detail", pk=complaint.pk)
            messages.success(
                request,
                _(
                    "Complaint %(code)s was recorded. Only the staff allowed to handle complaints of its category "
                    "see it, so it is not in your list: give the complainant the tracking code."
                )
                % code,
            )
            return redirect("complaints:list")
    return render(request, "complaints/complaint_record.html", {"form": form})


def _visible_complaint(request: HttpRequest, pk: int) -> Complaint:
    """The complaint if the user may see it; otherwise 404, never a hint that it exists."""
    queryset = selectors.complaint_list(request.user, selectors.ComplaintFilters(), timezone.localdate())
    return get_object_or_404(queryset.select_related("recorded_by"), pk=pk)


@require_http_methods(["GET", "POST"])
@permission_needed("complaints.view_complaint")
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _visible_complaint(request, pk)
    steps = services.steps_allowed(complaint)
    form = StepForm(request.POST or None, request.FILES or None, steps=steps)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.complaint_transition(
                    complaint=complaint,
                    user=request.user,
                    action=data["action"],
                    public_reply=data["public_reply"],
                    internal_note=data["internal_note"],
                    department=data["department"],
                    handler=data["handler"],
                    attachments=[data["attachment"]] if data["attachment"] else [],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
            else:
                messages.success(request, _("The complaint was updated."))
                return redirect("complaints:detail", pk=complaint.pk)
        messages.error(request, _("The step was not saved: see the message below."))
    events = complaint.events.select_related("actor").prefetch_related("attachments")
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "events": events,
            "attachments": complaint.attachments.filter(event__isnull=True),
            "form": form,
            "may_change": request.user.has_perm("complaints.change_complaint"),
            "show_identity": selectors.can_see_identity(request.user),
        },
    )


@require_GET
@permission_needed("complaints.view_complaint")
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.select_related("complaint"),
        pk=pk,
        complaint__in=selectors.complaints_visible_to(request.user),
    )
    return _file_response(attachment)


@require_GET
@permission_needed("complaints.coordinate_complaints")
def overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "complaints/overview.html", {"today": today, **selectors.overview(request.user, today)})


@require_GET
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """O31 statistics on screen for a fiscal year and round; corruption counts only for those allowed."""
    if not request.user.has_perm("complaints.view_complaint"):
        raise PermissionDenied
    year = fiscal_year_chosen(request.GET.get("year"))
    form = StatisticsForm(request.GET or None, initial={"year": year, "round": Round.FULL_YEAR})
    round_ = form.cleaned_data["round"] if form.is_valid() else Round.FULL_YEAR
    context = {"form": form, "fiscal_year": year, "round": round_}
    if year is not None:
        include_corruption = request.user.has_perm("complaints.handle_corruption")
        period = year.round_period(round_)
        context |= {
            "period": period,
            "stats": selectors.statistics(period, include_corruption=include_corruption),
            "round_label": Round(round_).label,
        }
    return render(request, "complaints/statistics.html", context)


@require_POST
@permission_needed("complaints.coordinate_complaints")
def statistics_report(request: HttpRequest) -> HttpResponse:
    form = StatisticsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a fiscal year and a round."))
        return redirect("complaints:statistics")
    run = request_report(
        kind=O31_KIND, fiscal_year=form.cleaned_data["year"], round_=form.cleaned_data["round"], user=request.user
    )
    return redirect("core:report_run", pk=run.pk)


@require_http_methods(["GET", "POST"])
@permission_needed("complaints.coordinate_complaints")
def guideline_edit(request: HttpRequest) -> HttpResponse:
    current = Guideline.objects.filter(pk=Guideline.SINGLETON_PK).first()
    initial = {"title": current.title, "body": current.body, "published": current.published} if current else {}
    form = GuidelineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.guideline_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("The guideline was saved."))
        if form.cleaned_data["published"]:
            for note in services.channel_pages_as_evidence(user=request.user, today=timezone.localdate()):
                messages.info(request, note)
        return redirect("complaints:guideline_edit")
    return render(request, "complaints/guideline_edit.html", {"form": form, "guideline": current})
