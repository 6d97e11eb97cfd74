"""Admin for complaint categories (their deadlines); complaints themselves are handled on the portal's own pages."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import BuddhistEraDates

from .models import Category, Complaint

CONFIDENTIALITY_LOCKED = _(
    "Complaints were already filed under this category: only a user allowed to handle corruption complaints "
    "can change whether it is a corruption category, because the change shows them to, or hides them from, "
    "every other user."
)


class CategoryAdminForm(forms.ModelForm):
    user: User | None = None  # set per request by CategoryAdmin.get_form

    class Meta:
        model = Category
        fields = ["name_th", "name_en", "is_corruption", "days_to_acknowledge", "days_to_resolve", "order", "active"]

    def clean_is_corruption(self) -> bool:
        value = self.cleaned_data["is_corruption"]
        if self.instance.pk is None or (self.user is not None and self.user.has_perm("complaints.handle_corruption")):
            return value
        stored = Category.objects.filter(pk=self.instance.pk).values_list("is_corruption", flat=True).first()
        if value != stored and Complaint.objects.filter(category_id=self.instance.pk).exists():
            raise ValidationError(CONFIDENTIALITY_LOCKED, code="confidentiality_locked")
        return value


@admin.register(Category)
class CategoryAdmin(BuddhistEraDates):
    form = CategoryAdminForm
    list_display = ["name_th", "name_en", "is_corruption", "days_to_acknowledge", "days_to_resolve", "order", "active"]
    list_editable = ["days_to_acknowledge", "days_to_resolve", "order", "active"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})
