"""Forms of the schedules app: a deadline (coordinator) and marking it done (with proof)."""

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import ThaiDateField
from indicators.forms import UploadField, dates_of_year
from indicators.models import http_url_validator

from .models import Deadline
from .services import PROOF_REQUIRED

STARTS_AFTER_DUE = _("The window cannot open after the due date.")


class DeadlineForm(forms.ModelForm):
    responsible = forms.ModelMultipleChoiceField(
        label=_("responsible people"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They receive the reminders; with nobody named, the ITA coordinators do."),
    )

    class Meta:
        model = Deadline
        fields = ["fiscal_year", "title", "description", "starts_on", "due_on", "responsible"]
        field_classes = {"starts_on": ThaiDateField, "due_on": ThaiDateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("fiscal_year"):
            near_the_year = dates_of_year(data["fiscal_year"].year)
            for name in ("starts_on", "due_on"):
                if data.get(name):
                    try:
                        near_the_year.check(data[name])
                    except ValidationError as error:
                        self.add_error(name, error)  # and takes it out of cleaned_data
        starts_on, due_on = data.get("starts_on"), data.get("due_on")
        if starts_on and due_on and starts_on > due_on:
            self.add_error("starts_on", STARTS_AFTER_DUE)
        return data


class MarkDoneForm(forms.Form):
    proof_url = forms.URLField(
        label=_("proof (link)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=_("e.g. the confirmation page of e-PlanNACC or the ITA system"),
    )
    proof_file = UploadField(
        label=_("or proof (file)"), required=False, help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx)")
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("proof_url") and not data.get("proof_file"):
            raise forms.ValidationError(PROOF_REQUIRED)
        return data
