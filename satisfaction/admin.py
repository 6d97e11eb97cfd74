from django.contrib import admin

from .models import Question, QuestionSet, Recommendation, ServicePoint


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
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
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "version", "created_at"]
    inlines = [QuestionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "round", "updated_at"]
