"""Admin for the framework data; measures and evidence are worked on in the portal's own screens."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.access import AuthenticatedHttpRequest
from core.admin import BuddhistEraDates, apply_service

from .models import Evidence, EvidenceRevision, Framework, Indicator, Measure, OITItem, SubIndicator
from .services import evidence_approve, evidence_set_published


@admin.register(Framework)
class FrameworkAdmin(BuddhistEraDates):
    list_display = ["name", "fiscal_year", "source"]
    readonly_fields = ["source"]  # the file framework_load read it from


@admin.register(Indicator)
class IndicatorAdmin(BuddhistEraDates):
    list_display = ["number", "name_th", "tool", "framework"]
    list_filter = ["framework", "tool"]


@admin.register(SubIndicator)
class SubIndicatorAdmin(BuddhistEraDates):
    list_display = ["code", "name_th", "indicator"]
    list_filter = ["indicator__framework"]


@admin.register(OITItem)
class OITItemAdmin(BuddhistEraDates):
    list_display = ["code", "title_th", "sub_indicator"]
    list_filter = ["sub_indicator__indicator__framework", "sub_indicator"]
    search_fields = ["code", "title_th", "title_en"]


@admin.register(Measure)
class MeasureAdmin(BuddhistEraDates):
    list_display = ["indicator", "number", "text", "department", "responsible", "due_date"]
    list_filter = ["indicator__framework", "department"]
    filter_horizontal = ["oit_items"]


@admin.register(Evidence)
class EvidenceAdmin(BuddhistEraDates):
    """Shown, never edited: a change to evidence sends it back to review and an upload is checked by content,
    which the portal's screens do through indicators.services. The review and publishing steps a coordinator
    may take from this list are actions that call those services, with their rules."""

    list_display = ["title", "measure", "oit_item", "department", "review_state", "is_published", "created_at"]
    list_filter = ["review_state", "is_published", "department"]
    readonly_fields = [field.name for field in Evidence._meta.fields]
    actions = ["approve", "publish", "unpublish"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("indicators.review_evidence")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("indicators.publish_evidence")

    @admin.action(description=_("Approve the selected evidence"), permissions=["review"])
    def approve(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Evidence]) -> None:
        apply_service(self, request, queryset, lambda evidence: evidence_approve(user=request.user, evidence=evidence))

    @admin.action(description=_("Publish the selected evidence"), permissions=["publish"])
    def publish(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Evidence]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda evidence: evidence_set_published(user=request.user, evidence=evidence, published=True),
        )

    @admin.action(description=_("Withdraw the selected evidence from the public site"), permissions=["publish"])
    def unpublish(self, request: AuthenticatedHttpRequest, queryset: QuerySet[Evidence]) -> None:
        apply_service(
            self,
            request,
            queryset,
            lambda evidence: evidence_set_published(user=request.user, evidence=evidence, published=False),
        )


@admin.register(EvidenceRevision)
class EvidenceRevisionAdmin(BuddhistEraDates):
    list_display = ["evidence", "original_filename", "replaced_at", "replaced_by"]
    readonly_fields = [f.name for f in EvidenceRevision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # kept by indicators.services when a file is replaced
