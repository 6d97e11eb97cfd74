from django.contrib import admin

from .models import CalendarFeed, Deadline


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "fiscal_year", "kind", "starts_on", "due_on", "done_at", "done_by"]
    list_filter = ["fiscal_year", "kind"]
    search_fields = ["title"]
    filter_horizontal = ["responsible"]
    list_select_related = ["fiscal_year", "done_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    exclude = ["token"]  # the secret stays secret even from the admin; the user resets it on the calendar page
