"""Forms of the indicators app: evidence upload, edit, file replacement, review, measures."""

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDates, ThaiDateField
from core.fiscal import Round
from core.uploads import inspect_upload

from .models import Evidence, Measure, OITItem, http_url_validator
from .services import FILE_OR_LINK, RETURN_NEEDS_COMMENT


def dates_of_year(year_be: int | None) -> PlausibleDates:
    """Evidence, measures and deadlines are dated near their fiscal year; without one, near today."""
    if year_be is None:
        return PlausibleDates.years_around_today(back=2, ahead=1)
    return PlausibleDates.around_fiscal_year(year_be)


class UploadField(forms.FileField):
    """A file field that refuses by content (type, size, emptiness) with the shared messages."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            inspect_upload(upload)
        return upload


class EvidenceForm(forms.ModelForm):
    file = UploadField(label=_("file"), required=False, help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx)"))
    url = forms.URLField(
        label=_("or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=_("http:// or https://"),
    )

    class Meta:
        model = Evidence
        fields = ["title", "description", "effective_date", "oit_item", "file", "url"]
        field_classes = {"effective_date": ThaiDateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, year_be: int | None, oit_items=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ThaiDateField, self.fields["effective_date"]).plausible = dates_of_year(year_be)
        if oit_items is None:
            del self.fields["oit_item"]
        else:
            cast(forms.ModelChoiceField, self.fields["oit_item"]).queryset = oit_items
            self.fields["oit_item"].required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "file" in data and "url" in data and bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(FILE_OR_LINK)
        return data


class EvidenceEditForm(forms.ModelForm):
    url = forms.URLField(
        label=_("link"), required=False, max_length=500, assume_scheme="https", validators=[http_url_validator]
    )

    class Meta:
        model = Evidence
        fields = ["title", "description", "effective_date", "url"]
        field_classes = {"effective_date": ThaiDateField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.instance.fiscal_year
        cast(ThaiDateField, self.fields["effective_date"]).plausible = dates_of_year(year.year if year else None)
        if self.instance.file:
            del self.fields["url"]
        else:
            self.fields["url"].required = True


class ReplaceFileForm(forms.Form):
    file = UploadField(label=_("new file"), help_text=_("The current file is kept as an earlier version."))


class ReviewForm(forms.Form):
    APPROVE = "approve"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.RETURN and not data.get("comment", "").strip():
            self.add_error("comment", RETURN_NEEDS_COMMENT)
        return data


class SubPointsField(forms.CharField):
    """Sub-points edited as one per line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class MeasureForm(forms.ModelForm):
    sub_points = SubPointsField(label=_("sub-points (one per line)"), required=False)

    class Meta:
        model = Measure
        fields = [
            "indicator",
            "number",
            "text",
            "sub_points",
            "department",
            "responsible",
            "frequency",
            "due_date",
            "evidence_required",
            "oit_items",
        ]
        field_classes = {"due_date": ThaiDateField}
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "oit_items": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ThaiDateField, self.fields["due_date"]).plausible = dates_of_year(framework.fiscal_year.year)
        cast(forms.ModelChoiceField, self.fields["indicator"]).queryset = framework.indicators.all()
        cast(forms.ModelMultipleChoiceField, self.fields["oit_items"]).queryset = OITItem.objects.filter(
            sub_indicator__indicator__framework=framework
        ).order_by("number")
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )


class ReportForm(forms.Form):
    round = forms.ChoiceField(label=_("round"), choices=Round.choices, initial=Round.FULL_YEAR)
