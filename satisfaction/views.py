"""Pages of the satisfaction app: the public rating form (no login), and the staff's points, results and O16.

Opening a page writes nothing: fiscal years and their questions are created by the daily schedule,
the framework loader or the coordinator (signals.py), and the daily tallies by a nightly task.
"""

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from core.access import can_view_department, permission_needed
from core.fiscal import Round
from core.models import Department, FiscalYear
from core.params import page_of
from core.public_forms import client_ip, honeypot_filled
from core.qr import qr_png, qr_svg
from core.report_runs import request_report
from core.selectors import fiscal_year_chosen
from core.spreadsheets import spreadsheet_response

from . import selectors, services
from .export import results_export_rows
from .forms import (
    SCALE_CHOICES,
    QuestionSetForm,
    RatingForm,
    RecommendationForm,
    ResultsFilterForm,
    ServicePointForm,
    period_of,
)
from .models import QuestionSet, Recommendation, ServicePoint
from .qr import POSTER_SIZES, posters_pdf
from .reports import O16_KIND

COMMENTS_PAGE_SIZE = 20


# --- The public form --------------------------------------------------------


def _rate_key(group: str, request: HttpRequest) -> str:
    return f"{client_ip(request)}:{request.resolver_match.kwargs['token']}"


def _public(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"satisfaction/public/{template}", {"scale": SCALE_CHOICES, **context}, status=status)


# No CSRF check: CSRF keeps another site from acting with a signed-in user's session, and this form
# has no session to borrow. What it would add for an anonymous form, the signed one-time form token
# issued with the GET already gives (core.public_forms): bound to this point, dated, and stored once.
# With the check, a citizen whose browser blocks the cookie (or a plain-HTTP site with
# CSRF_COOKIE_SECURE on) would get an English error page and lose every answer.
# No request-wide transaction: the form's one write is a single INSERT, and a busy counter's phones
# should not pay a BEGIN and COMMIT round trip on every page.
@require_http_methods(["GET", "POST"])
@csrf_exempt
@transaction.non_atomic_requests
def rate(request: HttpRequest, token: str) -> HttpResponse:
    point = selectors.service_point_by_token(token)
    if point is None:
        return _public(request, "unknown.html", {}, status=404)
    if not point.is_active:
        return _public(request, "inactive.html", {"point": point})
    if request.method != "POST":
        question_set = selectors.question_set_for_today()
        if question_set is None:
            return _public(request, "unavailable.html", {"point": point})
        context = {
            "point": point,
            "form_token": services.form_token_issue(point, question_set),
            # Built only when the cached blank fields are missing: most views never need it.
            "form": SimpleLazyObject(lambda: _rating_form(point, question_set)),
            "blank_form_key": services.blank_form_key(point, question_set),
        }
        return _public(request, "form.html", context)

    if is_ratelimited(
        request, group="satisfaction.rate", key=_rate_key, rate=settings.SATISFACTION_RATE_LIMIT, increment=True
    ):
        message = _(
            "Please wait a moment: many ratings were sent from this device for this service point in a short"
            " time. Your answers are kept below; please send them again in a few minutes."
        )
        return _answers_again(request, point, message, status=429)
    if honeypot_filled(request.POST):
        return _public(request, "thanks.html", {"point": point})
    try:
        form_token = services.form_token_read(request.POST.get("form_token", ""), point)
        # The answers belong to the questions the citizen saw, even if the coordinator edited them since.
        question_set = selectors.question_set_version(form_token.question_set_id)
    except (services.FormTokenError, QuestionSet.DoesNotExist):
        message = _("This form has expired. Please check your answers and send it again.")
        return _answers_again(request, point, message, status=400)
    form = _rating_form(point, question_set, data=request.POST)
    if not form.is_valid():
        return _public(request, "form.html", {"point": point, "form": form}, status=400)
    data = form.cleaned_data
    stored = services.response_submit(
        point=point,
        question_set=question_set,
        scores=form.scores(),
        nonce=form_token.nonce,
        service_type=data["service_type"],
        gender=data["gender"],
        age_band=data["age_band"],
        comment=data["comment"],
    )
    return _public(request, "thanks.html", {"point": point, "already": stored is None})


def _answers_again(request: HttpRequest, point: ServicePoint, message: str, status: int) -> HttpResponse:
    """The form as the citizen filled it in, with a fresh token to send it again, and why it was not stored."""
    question_set = selectors.question_set_for_today()
    if question_set is None:
        return _public(request, "unavailable.html", {"point": point})
    data = request.POST.copy()
    data["form_token"] = services.form_token_issue(point, question_set)
    form = _rating_form(point, question_set, data=data)
    form.is_valid()  # marks what still needs an answer
    return _public(request, "form.html", {"point": point, "form": form, "message": message}, status=status)


def _rating_form(point: ServicePoint, question_set: QuestionSet, **kwargs) -> RatingForm:
    questions = list(question_set.questions.all())  # prefetched with the cached question set
    return RatingForm(questions=questions, service_types=point.service_type_choices, **kwargs)


# --- Service points ---------------------------------------------------------


def _point_or_404(request: HttpRequest, pk: int) -> ServicePoint:
    point = get_object_or_404(ServicePoint.objects.select_related("department"), pk=pk)
    if not can_view_department(request.user, point.department_id):
        raise Http404
    return point


@require_GET
@permission_needed("satisfaction.view_servicepoint")
def point_list(request: HttpRequest) -> HttpResponse:
    points = selectors.service_points_visible(request.user)
    page = page_of(points, 50, request.GET.get("page"))
    return render(request, "satisfaction/point_list.html", {"page": page})


@require_GET
@permission_needed("satisfaction.view_servicepoint")
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point_or_404(request, pk)
    return render(request, "satisfaction/point_detail.html", {"point": point, "qr_svg": qr_svg(point.public_url)})


@require_http_methods(["GET", "POST"])
@permission_needed("satisfaction.add_servicepoint")
def point_create(request: HttpRequest) -> HttpResponse:
    form = ServicePointForm(request.POST or None)
    if form.is_valid():
        point = form.save()
        messages.success(request, _("Service point saved. Print its poster and put it at the counter."))
        return redirect("satisfaction:point_detail", pk=point.pk)
    return render(request, "satisfaction/point_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@permission_needed("satisfaction.change_servicepoint")
def point_edit(request: HttpRequest, pk: int) -> HttpResponse:
    point = _point_or_404(request, pk)
    form = ServicePointForm(request.POST or None, instance=point)
    if form.is_valid():
        form.save()
        messages.success(request, _("Service point saved."))
        return redirect("satisfaction:point_detail", pk=point.pk)
    status = 400 if form.errors else 200
    return render(request, "satisfaction/point_form.html", {"form": form, "point": point}, status=status)


@require_GET
@permission_needed("satisfaction.view_servicepoint")
def point_qr(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    point = _point_or_404(request, pk)
    if fmt == "png":
        response = HttpResponse(qr_png(point.public_url), content_type="image/png")
    else:
        response = HttpResponse(qr_svg(point.public_url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="qr-{point.pk}.{fmt}"'
    return response


def _poster_response(points: list[ServicePoint], request: HttpRequest, filename: str) -> HttpResponse:
    size = request.GET.get("size", "A4").upper()
    if size not in POSTER_SIZES:
        size = "A4"
    response = HttpResponse(posters_pdf(points, size), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{size.lower()}.pdf"'
    return response


@require_GET
@permission_needed("satisfaction.view_servicepoint")
def point_poster(request: HttpRequest, pk: int) -> HttpResponse:
    return _poster_response([_point_or_404(request, pk)], request, f"poster-{pk}")


@require_GET
@permission_needed("satisfaction.view_servicepoint")
def posters_all(request: HttpRequest) -> HttpResponse:
    points = list(selectors.service_points_visible(request.user).filter(is_active=True))
    if not points:
        messages.info(request, _("There is no active service point to print."))
        return redirect("satisfaction:point_list")
    return _poster_response(points, request, "posters")


# --- The fiscal year a page shows -------------------------------------------------


def _for_fiscal_year(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Gives ``view`` the fiscal year of ?year= (else the current one, else the newest) as its second
    argument; a year that does not exist is said so, never created: opening a page writes nothing."""

    @functools.wraps(view)
    def with_year(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        fiscal_year = fiscal_year_chosen(request.GET.get("year"))
        if fiscal_year is None:
            context = {"asked": request.GET.get("year", ""), "years": FiscalYear.objects.all()}
            return render(request, "satisfaction/no_fiscal_year.html", context, status=404)
        return view(request, fiscal_year, *args, **kwargs)

    return with_year


# --- Questions ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_needed("satisfaction.add_questionset")
@_for_fiscal_year
def questions_edit(request: HttpRequest, fiscal_year: FiscalYear) -> HttpResponse:
    current, texts = selectors.questions_of(fiscal_year)
    form = QuestionSetForm(request.POST or None, initial={"questions": "\n".join(texts)})
    if form.is_valid():
        revised = services.question_set_revise(
            fiscal_year=fiscal_year, texts=form.cleaned_data["questions"], user=request.user
        )
        if current is None or revised.pk != current.pk:
            messages.success(request, _("The questions are saved as version %(v)s.") % {"v": revised.version})
        return redirect(f"{request.path}?year={fiscal_year.year}")
    context = {"form": form, "fiscal_year": fiscal_year, "question_set": current, "years": FiscalYear.objects.all()}
    return render(request, "satisfaction/questions_form.html", context, status=400 if form.errors else 200)


# --- Results --------------------------------------------------------------------


def _results_scope(request: HttpRequest, fiscal_year: FiscalYear):
    """The filter form, points, period and question the filters select, within what the user may see."""
    visible = selectors.service_points_visible(request.user)
    departments = Department.objects.filter(pk__in=visible.values("department"))
    form = ResultsFilterForm(
        request.GET or None,
        fiscal_year=fiscal_year,
        points=visible,
        departments=departments,
        questions=selectors.question_texts(fiscal_year),
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    points: QuerySet[ServicePoint] = visible
    if chosen.get("department"):
        points = points.filter(department=chosen["department"])
    if chosen.get("point"):
        points = points.filter(pk=chosen["point"].pk)
    period = period_of(fiscal_year.year, chosen.get("period", ""))
    return form, points, period, chosen.get("question", "")


@require_GET
@permission_needed("satisfaction.view_response")
@_for_fiscal_year
def results(request: HttpRequest, fiscal_year: FiscalYear) -> HttpResponse:
    form, points, period, question = _results_scope(request, fiscal_year)
    outcome = selectors.results(fiscal_year, points, period, question, with_profile=True)
    comments = page_of(selectors.comments(points, period), COMMENTS_PAGE_SIZE, request.GET.get("page"))
    query = urlencode([(key, value) for key, value in request.GET.items() if key != "page"])
    context = {
        "form": form,
        "fiscal_year": fiscal_year,
        "period": period,
        "results": outcome,
        "profile": outcome.profile,
        "question_chart": selectors.question_means_chart(outcome),
        "point_chart": selectors.point_means_chart(outcome),
        "page": comments,
        "query": query,
    }
    return render(request, "satisfaction/results.html", context)


@require_GET
@permission_needed("satisfaction.view_response")
@_for_fiscal_year
def results_export(request: HttpRequest, fiscal_year: FiscalYear, fmt: str) -> HttpResponseBase:
    """What the results page shows for these filters, as CSV or XLSX."""
    _form, points, period, question = _results_scope(request, fiscal_year)
    rows = results_export_rows(fiscal_year, points, period, question)
    return spreadsheet_response(rows, f"satisfaction-{fiscal_year.year}", fmt)


# --- O16 ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_needed("satisfaction.view_recommendation")
@_for_fiscal_year
def o16(request: HttpRequest, fiscal_year: FiscalYear) -> HttpResponse:
    """A round's suggestions for improvement, edited here, and the button that generates the O16 report."""
    round_ = request.GET.get("round", Round.FIRST_HALF)
    if round_ not in Round.values:
        round_ = Round.FIRST_HALF
    recommendation = Recommendation.objects.filter(fiscal_year=fiscal_year, round=round_).first()
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST":
        if not request.user.has_perm("satisfaction.change_recommendation"):
            raise PermissionDenied
        if form.is_valid():
            services.recommendation_save(
                fiscal_year=fiscal_year, round_=round_, text=form.cleaned_data["text"], user=request.user
            )
            if "generate" in request.POST:
                run = request_report(kind=O16_KIND, fiscal_year=fiscal_year, round_=round_, user=request.user)
                return redirect("core:report_run", pk=run.pk)
            messages.success(request, _("Suggestions saved."))
            return redirect(f"{request.path}?year={fiscal_year.year}&round={round_}")
    context = {
        "form": form,
        "fiscal_year": fiscal_year,
        "round": round_,
        "rounds": Round.choices,
        "years": FiscalYear.objects.all(),
    }
    return render(request, "satisfaction/o16.html", context, status=400 if form.errors else 200)
