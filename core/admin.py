"""Admin for what the coordinator manages rarely: departments, fiscal years, users and their departments;
and auditlog's log-entry list, narrowed like the audit page to what each user may see."""

from collections.abc import Callable
from typing import Any, TypeVar

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .audit import entries_visible_to
from .dates import ThaiDateField, ThaiDateInput
from .forms import HolidayForm, OrganisationForm
from .models import Department, FiscalYear, Holiday, Organisation, Report, ReportRun, UserProfile
from .services import holiday_delete, holiday_save
from .thai import thai_date, thai_datetime

NOT_ALLOWED = _("You are not allowed to do this.")


def _be_column(field: models.DateField) -> Callable[[models.Model], str | None]:
    show_value = thai_datetime if isinstance(field, models.DateTimeField) else thai_date

    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj: models.Model) -> str | None:
        value = getattr(obj, field.name)
        return None if value is None else show_value(value)

    column.__name__ = field.name
    return column


class BuddhistEraDates(admin.ModelAdmin):
    """What every admin page of the portal is built on: date boxes read and show the Buddhist era
    (core.dates), and date columns and read-only dates show it too. A test checks every registered admin.

    Django shows a model's date field through the locale's format, which has no Buddhist era; a
    column or read-only field named by a function instead of the field's name is shown by that function.
    """

    formfield_overrides = {models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput}}

    def _shown(self, name: object) -> object:
        """The function that shows the date field ``name`` in the Buddhist era; anything else as it is."""
        if not isinstance(name, str):
            return name
        shown = self.__dict__.setdefault("_be_columns", {})
        if name not in shown:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            shown[name] = _be_column(field) if isinstance(field, models.DateField) else name
        return shown[name]

    def _readonly_dates(self, request: HttpRequest, obj: models.Model | None) -> list[str]:
        names = super().get_readonly_fields(request, obj)
        return [name for name in names if isinstance(name, str) and self._shown(name) is not name]

    def get_list_display(self, request: HttpRequest) -> Any:
        editable = set(self.list_editable)
        return [name if name in editable else self._shown(name) for name in super().get_list_display(request)]

    def get_list_display_links(self, request: HttpRequest, list_display: Any) -> Any:
        links = super().get_list_display_links(request, list_display)
        return None if links is None else [self._shown(name) for name in links]

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        return [self._shown(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        readonly_dates = set(self._readonly_dates(request, obj))

        def shown(name: Any) -> Any:  # a fieldset's line may hold several fields
            if isinstance(name, (list, tuple)):
                return tuple(shown(inner) for inner in name)
            return self._shown(name) if name in readonly_dates else name

        return [
            (title, {**options, "fields": [shown(name) for name in options["fields"]]})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        # A read-only date is shown by its function, so its own name must not become a form field.
        readonly_dates = self._readonly_dates(request, obj)
        excluded = super().get_exclude(request, obj)
        if not readonly_dates:
            return excluded
        from_form = getattr(getattr(self.form, "_meta", None), "exclude", None) if excluded is None else None
        return [*(excluded or from_form or ()), *readonly_dates]


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
class DepartmentAdmin(BuddhistEraDates):
    list_display = ["name_th", "name_en", "order"]
    list_editable = ["order"]


@admin.register(FiscalYear)
class FiscalYearAdmin(BuddhistEraDates):
    list_display = ["year"]


@admin.register(ReportRun)
class ReportRunAdmin(BuddhistEraDates):
    """Read-only: runs are made by the report screens, the schedule and the worker; the admin shows why
    one failed (the report screens ask again; the worker's sweep queues a lost one again)."""

    list_display = ["kind", "fiscal_year", "round", "state", "scheduled", "requested_by", "attempts", "created_at"]
    list_filter = ["state", "scheduled", "kind", "fiscal_year"]
    list_select_related = ["fiscal_year", "requested_by"]
    readonly_fields = [field.name for field in ReportRun._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(BuddhistEraDates):
    form = OrganisationForm  # the profile page's form: a logo is checked by content here too
    list_display = ["name_th", "phone", "email"]


@admin.register(Report)
class ReportAdmin(BuddhistEraDates):
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
class PortalUserAdmin(BuddhistEraDates, UserAdmin):
    inlines = [UserProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_select_related = ["profile__department"]
    readonly_fields = ["last_login", "date_joined"]  # recorded by logging in and signing up, not typed


@admin.register(Holiday)
class HolidayAdmin(BuddhistEraDates):
    """Through core.services, like the holiday page, so deadlines follow a holiday changed here too."""

    form = HolidayForm  # the holiday page's form: the same range of plausible days
    list_display = ["date", "name_th", "name_en"]

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
class VisibleLogEntryAdmin(BuddhistEraDates, LogEntryAdmin):
    def get_queryset(self, request):
        return entries_visible_to(request.user, super().get_queryset(request))
