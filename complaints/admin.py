"""Admin for complaint categories (their deadlines); complaints themselves are handled on the portal's own pages."""

from django.contrib import admin

from .models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "is_corruption", "days_to_acknowledge", "days_to_resolve", "order", "active"]
    list_editable = ["days_to_acknowledge", "days_to_resolve", "order", "active"]
