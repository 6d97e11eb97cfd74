"""Forms of the satisfaction app: the public rating form, the coordinator's editors and the results filters."""

import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.fiscal import Period, fiscal_year_period, round_period
from core.models import Department, FiscalYear
from core.thai import thai_date

from .models import MAX_QUESTIONS, AgeBand, Gender, Question, Recommendation, Scale, ServicePoint
from .services import question_texts_check

SCALE_CHOICES = [(str(value), label) for value, label in Scale.choices]
CHOOSE_A_LISTED_ANSWER = _("Please choose one of the answers listed, or leave it empty.")


class RatingForm(forms.Form):
    """The citizen's form: one required 1–5 rating per question, then optional details."""

    # The honeypot input is written by the page and checked by the view (core.public_forms) before this form.
    form_token = forms.CharField(widget=forms.HiddenInput)
    service_type = forms.CharField(
        label=_("Service received"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Please keep this to %(limit_value)d characters or fewer.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Gender.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOOSE_A_LISTED_ANSWER},
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOOSE_A_LISTED_ANSWER},
    )

    def __init__(self, *args, questions: list[Question], service_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["comment"] = forms.CharField(
            label=_("Comments or suggestions"),
            required=False,
            max_length=settings.SATISFACTION_COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": _("Please keep the comment to %(limit_value)d characters or fewer.")},
        )
        if service_types:
            self.fields["service_type"] = forms.ChoiceField(
                label=_("Service received"),
                required=False,
                choices=[("", _("— not stated —")), *((name, name) for name in service_types)],
                error_messages={"invalid_choice": CHOOSE_A_LISTED_ANSWER},
            )
        for question in questions:
            self.fields[f"q{question.position}"] = forms.TypedChoiceField(
                label=question.text,
                choices=SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose a rating for this question."),
                    "invalid_choice": _("Please choose a rating from 1 to 5."),
                },
            )

    def question_fields(self):
        return [self[f"q{question.position}"] for question in self.questions]

    def scores(self) -> dict[int, int]:
        return {question.position: self.cleaned_data[f"q{question.position}"] for question in self.questions}


class ServicePointForm(forms.ModelForm):
    class Meta:
        model = ServicePoint
        fields = ["name", "department", "location", "service_types", "is_active"]
        widgets = {"service_types": forms.Textarea(attrs={"rows": 4})}


class QuestionSetForm(forms.Form):
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One question per line, at most %(max)s. Saving publishes a new version of the form.")
        % {"max": MAX_QUESTIONS},
    )

    def clean_questions(self) -> list[str]:
        return question_texts_check(self.cleaned_data["questions"].splitlines())


def period_choices(year: int) -> list[tuple[str, str]]:
    whole = fiscal_year_period(year)
    months = []
    day = whole.start
    while day <= whole.end:
        months.append((f"m{day:%Y-%m}", thai_date(day).split(" ", 1)[1]))  # "ตุลาคม 2563"
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return [
        ("", _("Whole fiscal year")),
        ("h1", _("First half (October–March)")),
        ("h2", _("Second half (April–September)")),
        *months,
    ]


def period_of(year: int, value: str) -> Period:
    if value == "h1":
        return round_period(year, "h1")
    if value == "h2":
        return Period(datetime.date(year - 543, 4, 1), fiscal_year_period(year).end)
    if value.startswith("m"):
        first = datetime.date.fromisoformat(value[1:] + "-01")
        return Period(first, (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1))
    return fiscal_year_period(year)


class ResultsFilterForm(forms.Form):
    """Which responses the results page counts; every field is optional and a bad value is simply ignored."""

    year = forms.ModelChoiceField(
        label=_("Fiscal year"), queryset=FiscalYear.objects.all(), to_field_name="year", required=False
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    point = forms.ModelChoiceField(label=_("Service point"), queryset=ServicePoint.objects.none(), required=False)
    question = forms.ChoiceField(label=_("Question"), required=False)

    def __init__(self, *args, fiscal_year: FiscalYear, points, departments, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].empty_label = None
        self.fields["period"].choices = period_choices(fiscal_year.year)
        self.fields["department"].queryset = departments
        self.fields["point"].queryset = points
        self.fields["question"].choices = [("", _("All questions")), *((text, text) for text in questions)]


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
