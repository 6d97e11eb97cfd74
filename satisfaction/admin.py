from django.contrib import admin

from .models import Question, QuestionSet, Recommendation, ServicePoint


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "location", "is_active"]
    list_filter = ["department", "is_active"]
    readonly_fields = ["token"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "version", "created_at"]
    inlines = [QuestionInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["fiscal_year", "round", "updated_at"]
