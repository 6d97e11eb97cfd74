"""Views of the notifications app: my notifications, read marks, and the coordinator's failed list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import permission_needed
from core.params import page_of

from . import selectors, services
from .models import DeliveryState, Notification

PAGE_SIZE = 25


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = page_of(selectors.inbox(request.user), PAGE_SIZE, request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts={request.get_host()}):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@require_GET
@permission_needed("notifications.manage_delivery")
def failed(request: HttpRequest) -> HttpResponse:
    page = page_of(selectors.needing_attention(), PAGE_SIZE, request.GET.get("page"))
    return render(request, "notifications/failed.html", {"page": page})


@permission_needed("notifications.manage_delivery")
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification.objects.select_related("recipient"), pk=pk)
    try:
        services.notification_resend(user=request.user, notification=notification)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        if notification.state == DeliveryState.NO_ADDRESS:
            messages.warning(request, _("%(user)s still has no e-mail address.") % {"user": notification.recipient})
        else:
            messages.success(request, _("The notification will be sent again."))
    return redirect("notifications:failed")
