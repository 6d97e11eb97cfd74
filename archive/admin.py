from django.contrib import admin

from .models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    """Read-only: jobs are made by the report screens and the worker; the admin shows why one failed."""

    list_display = ["kind", "fiscal_year", "round", "state", "requested_by", "created_at", "finished_at"]
    list_filter = ["state", "kind", "fiscal_year"]
    readonly_fields = [f.name for f in ReportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
