"""Forms of the core app: the organisation profile, the audit-log filter and report verification."""

import re
from typing import Any, cast

from auditlog.models import LogEntry
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import PlausibleDates, ThaiDateField
from .models import Holiday, Organisation
from .uploads import IMAGE_TYPES, inspect_upload


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    facebook_url = forms.URLField(label=_("Facebook page"), required=False, assume_scheme="https")
    logo = forms.FileField(label=_("logo"), required=False, help_text=_("PNG or JPEG"))

    class Meta:
        model = Organisation
        fields = [
            "name_th",
            "name_en",
            "logo",
            "address",
            "phone",
            "email",
            "website",
            "facebook_url",
            "coordinating_department",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            inspected = inspect_upload(logo, allowed=IMAGE_TYPES)
            logo.name = f"logo.{inspected.extension}"
        return logo


class AuditLogFilterForm(forms.Form):
    ACTIONS = [("", _("any action"))] + [(str(v), label) for v, label in LogEntry.Action.choices]

    model = forms.ModelChoiceField(label=_("record type"), queryset=ContentType.objects.none(), required=False)
    actor = forms.ModelChoiceField(
        label=_("who"), queryset=get_user_model().objects.order_by("username"), required=False
    )
    action = forms.ChoiceField(label=_("action"), choices=ACTIONS, required=False)
    date_from = ThaiDateField(label=_("from"), required=False)
    date_to = ThaiDateField(label=_("to"), required=False)
    q = forms.CharField(label=_("record contains"), required=False, max_length=100)

    def __init__(self, *args, content_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if content_types is not None:
            cast(forms.ModelChoiceField, self.fields["model"]).queryset = content_types

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start date is after the end date."))
        return data


HOLIDAY_DATES = PlausibleDates.years_around_today(back=20, ahead=5)


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "name_th", "name_en"]
        field_classes = {"date": ThaiDateField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Old complaints' deadlines are counted with old holidays; next year's list is announced ahead.
        cast(ThaiDateField, self.fields["date"]).plausible = HOLIDAY_DATES


PDF_ONLY = {"application/pdf": "pdf"}
CODE_PATTERN = r"[A-Za-z0-9_-]{1,20}"
CODE_RE = re.compile(CODE_PATTERN)


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("verification code"),
        max_length=300,  # the whole address may be pasted
        help_text=_("Printed in the report's footer, after /verify/ in the address."),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().strip("/").rsplit("/", 1)[-1]
        if not CODE_RE.fullmatch(code):
            raise ValidationError(_("This is not a verification code: copy it from the report's footer."))
        return code


class VerifyFileForm(forms.Form):
    file = forms.FileField(label=_("report file (PDF)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.inspected = inspect_upload(upload, allowed=PDF_ONLY)
        except ValidationError as error:
            if error.code == "type":
                raise ValidationError(_("Only PDF reports can be verified."), code="type") from error
            raise
        return upload
