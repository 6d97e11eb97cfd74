"""Admin for what the coordinator manages rarely: departments, fiscal years, users and their departments;
and auditlog's log-entry list, narrowed like the audit page to what each user may see."""

from collections.abc import Callable
from typing import TypeVar

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .audit import entries_visible_to
from .forms import OrganisationForm
from .models import Department, FiscalYear, Holiday, Organisation, Report, ReportRun, UserProfile
from .services import holiday_delete, holiday_save

NOT_ALLOWED = _("You are not allowed to do this.")


M = TypeVar("M", bound=models.Model)


def apply_service(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[M],
    service: Callable[[M], object],
) -> None:
    """An admin action's body: the app's service changes each selected row, so the admin keeps its rules;
    a row the service refuses is named with the service's own message, and the others still go through."""
    done = 0
    for obj in queryset:
        try:
            service(obj)
        except ValidationError as exc:
            model_admin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.ERROR)
        except PermissionDenied as exc:
            model_admin.message_user(request, f"{obj}: {str(exc) or NOT_ALLOWED}", messages.ERROR)
        else:
            done += 1
    if done:
        message = ngettext("%(count)d item changed.", "%(count)d items changed.", done) % {"count": done}
        model_admin.message_user(request, message, messages.SUCCESS)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "order"]
    list_editable = ["order"]


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year"]


@admin.register(ReportRun)
class ReportRunAdmin(admin.ModelAdmin):
    """Read-only: runs are made by the report screens, the schedule and the worker; the admin shows why
    one failed (the report screens ask again; the worker's sweep queues a lost one again)."""

    list_display = ["kind", "fiscal_year", "round", "state", "scheduled", "requested_by", "attempts", "created_at"]
    list_filter = ["state", "scheduled", "kind", "fiscal_year"]
    list_select_related = ["fiscal_year", "requested_by"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in ReportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm  # the profile page's form: a logo is checked by content here too
    list_display = ["name_th", "phone", "email"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "fiscal_year", "round", "generated_at", "generated_by", "sha256"]
    list_filter = ["kind", "fiscal_year", "round"]
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class UserProfileInline(admin.StackedInline):
    model = UserProfile
    can_delete = False
    verbose_name_plural = _("department and position")


admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_select_related = ["profile__department"]
    readonly_fields = ["last_login", "date_joined"]  # recorded by logging in and signing up, not typed


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Through core.services, like the holiday page, so deadlines follow a holiday changed here too."""

    list_display = ["date", "name_th", "name_en"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change) -> None:
        holiday_save(holiday=obj)

    def delete_model(self, request, obj) -> None:
        holiday_delete(holiday=obj)

    def delete_queryset(self, request, queryset) -> None:
        for holiday in queryset:
            holiday_delete(holiday=holiday)


# auditlog registers its admin when its module is imported (above); ours replaces it so a confidential
# record's entries stay hidden from the admin's list, search and detail pages as they are on /audit/.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class VisibleLogEntryAdmin(LogEntryAdmin):
    def get_queryset(self, request):
        return entries_visible_to(request.user, super().get_queryset(request))
