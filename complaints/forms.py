"""Forms of the complaints app: the public forms, staff recording, the list filter, handling steps, the guideline."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import PlausibleDates, ThaiDateField
from core.days import day_start
from core.fiscal import Round
from core.models import Department, FiscalYear
from core.public_forms import FormTokenError, form_token_issue, form_token_read, honeypot_filled
from core.uploads import inspect_upload

from .models import IDENTITY_FIELDS, STAFF_CHANNELS, Category, Channel, Complaint, State
from .services import CONTACT_REQUIRED, has_contact

FORM_TOKEN_MAX_AGE = 24 * 60 * 60
OFFICE_OPENS = datetime.timedelta(hours=9)  # when a complaint recorded for an earlier day counts as received
FORM_EXPIRED = _("This form was open too long or was altered. Your text is kept below: please send it again.")

RECEIVED_IN_FUTURE = _("The day the complaint was received cannot be in the future.")
TEXT_TOO_LONG = _("This text is too long: at most %(limit_value)d characters, and it has %(show_value)d.")

FORM_TOKEN_SALT = "complaints.form-token"  # noqa: S105 - a namespace for signing, not a secret


def _with_length_messages(form: forms.BaseForm) -> None:
    """Django's own message for an over-long text has no Thai translation; ours does."""
    for field in form.fields.values():
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = TEXT_TOO_LONG


def new_form_token() -> str:
    return form_token_issue(FORM_TOKEN_SALT)


class AttachmentField(forms.FileField):
    """An optional file checked by content and size like every evidence upload."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            inspect_upload(upload)
        return upload


class ComplaintContentForm(forms.ModelForm):
    """What the complaint is about and who filed it; shared by the public and the staff forms.

    A one-time signed token (core/public_forms.py) whose nonce the complaint keeps in a unique column:
    a double click or a replayed POST stores one complaint, from a citizen or from staff.
    """

    form_token = forms.CharField(widget=forms.HiddenInput)
    attachment = AttachmentField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("A photo or document: PDF, JPEG, PNG, Word or Excel."),
    )

    class Meta:
        model = Complaint
        fields = ["category", "subject", "description", "location", "anonymous", "name", "phone", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        labels = {"anonymous": _("Stay anonymous")}
        help_texts = {
            "anonymous": _(
                "Your name and contact details are not recorded. You follow your complaint with the tracking code "
                "only, and the organisation cannot call you back to ask for details."
            ),
            "phone": _("Used only to contact you about this complaint; never published."),
        }

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].empty_label = None
        _with_length_messages(self)
        if not self.is_bound:
            self.fields["form_token"].initial = new_form_token()

    def clean_form_token(self) -> str:
        try:
            return form_token_read(self.cleaned_data["form_token"], FORM_TOKEN_SALT, FORM_TOKEN_MAX_AGE)["nonce"]
        except FormTokenError:
            # A fresh token lets the kept text be sent again.
            self.data = self.data.copy()
            self.data["form_token"] = new_form_token()
            raise ValidationError(FORM_EXPIRED) from None

    def clean(self):
        data = super().clean()
        if not data.get("anonymous") and not has_contact(**{f: data.get(f) or "" for f in IDENTITY_FIELDS}):
            raise ValidationError(CONTACT_REQUIRED)
        return data

    def submission(self) -> dict[str, Any]:
        """The valid form as services.complaint_submit's keywords, whichever page it was filled in on."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in ComplaintContentForm.Meta.fields},
            "submission_token": data["form_token"],
            "attachments": [data["attachment"]] if data["attachment"] else [],
        }


class PublicComplaintForm(ComplaintContentForm):
    """The citizen's form: with a field only robots fill in."""

    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    @property
    def is_robot(self) -> bool:
        return honeypot_filled(self.data)


class StaffComplaintForm(ComplaintContentForm):
    """A complaint that came in another way (walk-in, telephone, letter …), recorded by staff."""

    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    # Paper registers are kept ten years and may be typed in late. A day after today is refused by
    # clean_received_on with its own message; a year far off, by the range, with the date understood.
    received_on = ThaiDateField(label=_("Received on"), plausible=PlausibleDates.years_around_today(back=10, ahead=1))

    class Meta(ComplaintContentForm.Meta):
        fields = ["channel", "received_on", *ComplaintContentForm.Meta.fields, "address", "department"]

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(RECEIVED_IN_FUTURE)
        return day

    def submission(self) -> dict[str, Any]:
        data = self.cleaned_data
        # A complaint that came on an earlier day counts from office hours; today's is not "received" later today.
        received_at = min(day_start(data["received_on"]) + OFFICE_OPENS, timezone.now())
        extra = {name: data[name] for name in ("channel", "address", "department")}
        return {**super().submission(), **extra, "received_at": received_at}


class ComplaintFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *State.choices], required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False, empty_label=_("All categories")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False, empty_label=_("All departments")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    date_from = ThaiDateField(label=_("Received from"), required=False)
    date_to = ThaiDateField(label=_("Received until"), required=False)
    q = forms.CharField(label=_("Code or subject"), required=False, max_length=100)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class StepForm(forms.Form):
    action = forms.ChoiceField(label=_("Step"))
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.all(), required=False)
    handler = forms.ModelChoiceField(
        label=_("Handler"),
        queryset=User.objects.filter(is_active=True).order_by("first_name", "username"),
        required=False,
    )
    public_reply = forms.CharField(
        label=_("Reply to the complainant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public status page."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen only by the staff handling the complaint."),
    )
    attachment = AttachmentField(label=_("Attachment (optional)"), required=False)

    def __init__(self, *args, steps: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = steps
        _with_length_messages(self)
        self.fields["handler"].label_from_instance = lambda user: user.get_full_name() or user.username


class StatusLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class GuidelineForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}), max_length=50000)
    published = forms.BooleanField(label=_("Published on the public site"), required=False)


class StatisticsForm(forms.Form):
    year = forms.ModelChoiceField(
        label=_("Fiscal year"), queryset=FiscalYear.objects.all(), to_field_name="year", empty_label=None
    )
    round = forms.ChoiceField(label=_("Round"), choices=Round.choices)
