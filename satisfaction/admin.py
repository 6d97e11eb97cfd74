from django.contrib import admin
from django.http import HttpRequest

from core.admin import BuddhistEraDates

from .models import Question, QuestionSet, Recommendation, ServicePoint
from .services import recommendation_save


@admin.register(ServicePoint)
class ServicePointAdmin(BuddhistEraDates):
    list_display = ["name", "department", "location", "is_active"]
    list_filter = ["department", "is_active"]
    readonly_fields = ["token"]


# Question sets are shown, never edited, here: responses point at the version they answered, so
# rewording a version in place would change what past answers mean. The questions page
# (satisfaction:questions_edit) publishes every edit as a new version.
class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "text"]
    readonly_fields = ["position", "text"]
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QuestionSet)
class QuestionSetAdmin(BuddhistEraDates):
    list_display = ["fiscal_year", "version", "created_at"]
    inlines = [QuestionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(BuddhistEraDates):
    """Saved through satisfaction.services like the results page, so the report names who wrote the text."""

    list_display = ["fiscal_year", "round", "updated_at", "updated_by"]
    list_select_related = ["fiscal_year", "updated_by"]
    readonly_fields = ["updated_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: Recommendation | None = None) -> list[str]:
        # A round's text is found by its year and round: moving it would leave that round without one.
        return [*self.readonly_fields, "fiscal_year", "round"] if obj else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Recommendation, form, change: bool) -> None:
        saved = recommendation_save(fiscal_year=obj.fiscal_year, round_=obj.round, text=obj.text, user=request.user)
        obj.pk = saved.pk  # the admin's redirect and log entry name the saved row
