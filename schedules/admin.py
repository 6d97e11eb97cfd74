from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import BuddhistEraDates, apply_service

from .models import CalendarFeed, Deadline
from .services import deadline_reopen


@admin.register(Deadline)
class DeadlineAdmin(BuddhistEraDates):
    """The done mark and its proof are given on the calendar page (deadline_mark_done checks the proof file);
    here they are shown, and a mark given by mistake is taken back with an action that calls the service."""

    list_display = ["title", "fiscal_year", "kind", "starts_on", "due_on", "done_at", "done_by"]
    list_filter = ["fiscal_year", "kind"]
    search_fields = ["title"]
    filter_horizontal = ["responsible"]
    list_select_related = ["fiscal_year", "done_by"]
    readonly_fields = ["done_at", "done_by", "proof_url", "proof_file"]
    actions = ["reopen"]

    def has_mark_done_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("schedules.mark_deadline_done")

    @admin.action(description=_("Reopen the selected deadlines (not done)"), permissions=["mark_done"])
    def reopen(self, request: HttpRequest, queryset: QuerySet) -> None:
        apply_service(self, request, queryset, lambda deadline: deadline_reopen(user=request.user, deadline=deadline))


@admin.register(CalendarFeed)
class CalendarFeedAdmin(BuddhistEraDates):
    list_display = ["user", "created_at"]
    exclude = ["token"]  # the secret stays secret even from the admin; the user resets it on the calendar page
    # Handing a feed to another user would hand them its secret address; deleting one revokes it.
    readonly_fields = ["user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # made by calendar_feed_reset, from the calendar page
