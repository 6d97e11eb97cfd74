"""Views of the schedules app: the ITA calendar, deadlines, marking done, and the iCalendar feed."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import permission_needed

from . import selectors, services
from .feed import calendar_ics
from .forms import DeadlineForm, MarkDoneForm
from .models import CalendarFeed, Deadline


def _calendar_url(deadline: Deadline) -> str:
    return f"{reverse('schedules:calendar')}?year={deadline.fiscal_year.year}#deadline-{deadline.pk}"


@require_GET
@permission_needed("schedules.view_deadline")
def calendar(request: HttpRequest) -> HttpResponse:
    year = selectors.calendar_year_chosen(request.GET.get("year"))
    today = timezone.localdate()
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {
        "fiscal_year": year,
        "fiscal_years": selectors.calendar_years(),
        "today": today,
        "feed_url": f"{settings.SITE_BASE_URL}{reverse('schedules:feed', args=[feed.token])}" if feed else "",
    }
    if year is not None:
        deadlines = list(selectors.deadlines_of(year))
        for deadline in deadlines:
            deadline.can_mark_done = not deadline.is_done and services.can_mark_done(request.user, deadline)
        context["deadlines"] = deadlines
        context["elsewhere"] = selectors.open_deadlines_elsewhere(year, today)
    return render(request, "schedules/calendar.html", context)


@require_http_methods(["GET", "POST"])
@permission_needed("schedules.add_deadline")
def deadline_create(request: HttpRequest) -> HttpResponse:
    year = selectors.calendar_year_chosen(request.GET.get("year"))
    form = DeadlineForm(request.POST or None, initial={"fiscal_year": year})
    if request.method == "POST" and form.is_valid():
        deadline = form.save()
        messages.success(request, _("Deadline saved."))
        return redirect(_calendar_url(deadline))
    return render(request, "schedules/deadline_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_needed("schedules.change_deadline")
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = get_object_or_404(Deadline.objects.select_related("fiscal_year"), pk=pk)
    form = DeadlineForm(request.POST or None, instance=deadline)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Deadline saved."))
        return redirect(_calendar_url(deadline))
    return render(request, "schedules/deadline_form.html", {"form": form, "deadline": deadline})


@require_http_methods(["GET", "POST"])
@permission_needed("schedules.view_deadline")
def deadline_done(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = get_object_or_404(Deadline.objects.select_related("fiscal_year"), pk=pk)
    if not services.can_mark_done(request.user, deadline):
        raise PermissionDenied
    form = MarkDoneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_mark_done(
                user=request.user,
                deadline=deadline,
                proof_url=form.cleaned_data["proof_url"],
                proof_file=form.cleaned_data["proof_file"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Marked done; its reminders stop."))
            return redirect(_calendar_url(deadline))
    return render(request, "schedules/deadline_done.html", {"form": form, "deadline": deadline})


@permission_needed("schedules.mark_deadline_done")
@require_POST
def deadline_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = get_object_or_404(Deadline.objects.select_related("fiscal_year"), pk=pk)
    services.deadline_reopen(user=request.user, deadline=deadline)
    messages.success(request, _("The deadline is open again; its reminders resume."))
    return redirect(_calendar_url(deadline))


@require_GET
@permission_needed("schedules.view_deadline")
def deadline_proof(request: HttpRequest, pk: int) -> FileResponse:
    deadline = get_object_or_404(Deadline, pk=pk)
    if not deadline.proof_file:
        raise Http404
    name = deadline.proof_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(deadline.proof_file.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@permission_needed("schedules.view_deadline")
@require_POST
def feed_reset(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_reset(request.user)
    messages.success(request, _("Your calendar address is new; the old one no longer works."))
    return redirect("schedules:calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login (calendar apps cannot log in): the secret token is the key, and only while
    its owner is active and may still see the calendar."""
    subscription = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if subscription is None or not subscription.user.is_active:
        raise Http404
    if not subscription.user.has_perm("schedules.view_deadline"):
        raise Http404
    content = calendar_ics(selectors.feed_deadlines(), name=_("ITA calendar"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ita-calendar.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
