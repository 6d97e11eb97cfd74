"""Admin for the framework data; measures and evidence are worked on in the portal's own screens."""

from django.contrib import admin

from .models import Evidence, EvidenceRevision, Framework, Indicator, Measure, OITItem, SubIndicator


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "fiscal_year", "source"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["number", "name_th", "tool", "framework"]
    list_filter = ["framework", "tool"]


@admin.register(SubIndicator)
class SubIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "indicator"]
    list_filter = ["indicator__framework"]


@admin.register(OITItem)
class OITItemAdmin(admin.ModelAdmin):
    list_display = ["code", "title_th", "sub_indicator"]
    list_filter = ["sub_indicator__indicator__framework", "sub_indicator"]
    search_fields = ["code", "title_th", "title_en"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["indicator", "number", "text", "department", "responsible", "due_date"]
    list_filter = ["indicator__framework", "department"]
    filter_horizontal = ["oit_items"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["title", "measure", "oit_item", "department", "review_state", "is_published", "created_at"]
    list_filter = ["review_state", "is_published", "department"]
    readonly_fields = ["sha256", "size", "content_type", "original_filename", "file"]


@admin.register(EvidenceRevision)
class EvidenceRevisionAdmin(admin.ModelAdmin):
    list_display = ["evidence", "original_filename", "replaced_at", "replaced_by"]
    readonly_fields = [f.name for f in EvidenceRevision._meta.fields]
