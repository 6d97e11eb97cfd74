"""Service points with their public QR token, the year's versioned question sets, and the citizens' ratings."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.fiscal import Round
from core.models import Department, FiscalYear

# Scores are kept in fixed columns (score_1 … score_N) on the response row rather than one row per
# answer: the results page and the O16 report then aggregate every question in one pass over the
# responses, which stays fast at a million responses (see bench/README.md).
MAX_QUESTIONS = 10
SCORE_FIELDS = [f"score_{position}" for position in range(1, MAX_QUESTIONS + 1)]
SATISFIED_FROM = 4  # มาก (4) and มากที่สุด (5) count as satisfied

# The usual questions of a Thai municipal satisfaction survey, stored as data in the language of the
# form: the first fiscal year starts with them, every later one with the year before's.
DEFAULT_QUESTIONS = [
    "ขั้นตอนและระยะเวลาในการให้บริการ",
    "เจ้าหน้าที่ผู้ให้บริการ",
    "สิ่งอำนวยความสะดวก",
    "คุณภาพของการให้บริการ",
    "ความโปร่งใสและไม่เลือกปฏิบัติ",
    "ความพึงพอใจโดยรวม",
]


class Scale(models.IntegerChoices):
    HIGHEST = 5, _("Very high")
    HIGH = 4, _("High")
    MEDIUM = 3, _("Moderate")
    LOW = 2, _("Low")
    LOWEST = 1, _("Very low")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")
    OTHER = "o", _("Other / prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_20 = "u20", _("Under 20")
    FROM_20 = "20", _("20–30")
    FROM_31 = "31", _("31–40")
    FROM_41 = "41", _("41–50")
    FROM_51 = "51", _("51–60")
    OVER_60 = "60", _("Over 60")


# Printed under the poster's QR code and typed by hand: lowercase letters and digits only, without
# the look-alikes 0/o, 1/l/i, and without - and _. 17 of these 31 characters carry 84 random bits.
# Points made before keep their mixed-case token: the form is found by the token as stored.
PUBLIC_TOKEN_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 - an alphabet, not a secret
PUBLIC_TOKEN_LENGTH = 17


def new_public_token() -> str:
    # Short enough to type, but neither guessable nor enumerable.
    return "".join(secrets.choice(PUBLIC_TOKEN_ALPHABET) for _position in range(PUBLIC_TOKEN_LENGTH))


class ServicePoint(models.Model):
    """A counter or office where citizens are served and a QR poster invites them to rate the service."""

    name = models.CharField(_("name"), max_length=200)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="service_points"
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    service_types = models.TextField(
        _("services offered"), blank=True, help_text=_("One per line; the form lets the citizen pick one.")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive point keeps its results; its form shows a notice.")
    )
    token = models.CharField(_("public token"), max_length=20, unique=True, default=new_public_token, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["department__order", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [models.UniqueConstraint(fields=["department", "name"], name="service_point_unique_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def public_path(self) -> str:
        from django.urls import reverse

        return reverse("satisfaction:rate", args=[self.token])

    @property
    def public_url(self) -> str:
        return settings.SITE_BASE_URL + self.public_path

    @property
    def service_type_choices(self) -> list[str]:
        return [line.strip() for line in self.service_types.splitlines() if line.strip()]


class QuestionSet(models.Model):
    """The questions of a fiscal year's form. Editing makes a new version; responses keep the one they answered."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="question_sets"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year__year", "-version"]
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "version"], name="question_set_unique_version")]

    def __str__(self) -> str:
        return _("Questions %(year)s version %(version)s") % {"year": self.fiscal_year, "version": self.version}


class Question(models.Model):
    question_set = models.ForeignKey(
        QuestionSet, verbose_name=_("question set"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_QUESTIONS)]
    )
    text = models.CharField(_("question"), max_length=300)

    class Meta:
        ordering = ["question_set", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["question_set", "position"], name="question_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1, position__lte=MAX_QUESTIONS), name="question_position_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def score_field(self) -> str:
        return f"score_{self.position}"


def _score_field(position: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        format_lazy("{} {}", _("score"), position),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Response(models.Model):
    """One citizen's rating of one service point. Anonymous: no name, no address, no IP kept."""

    service_point = models.ForeignKey(
        ServicePoint, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="responses"
    )
    question_set = models.ForeignKey(
        QuestionSet, verbose_name=_("question set"), on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    service_type = models.CharField(_("service received"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=3, choices=AgeBand.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # The nonce of the one-time form token: unique, so a double tap or a replayed POST stores one response.
    form_nonce = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    score_1 = _score_field(1)
    score_2 = _score_field(2)
    score_3 = _score_field(3)
    score_4 = _score_field(4)
    score_5 = _score_field(5)
    score_6 = _score_field(6)
    score_7 = _score_field(7)
    score_8 = _score_field(8)
    score_9 = _score_field(9)
    score_10 = _score_field(10)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("satisfaction response")
        verbose_name_plural = _("satisfaction responses")
        indexes = [
            models.Index(fields=["submitted_at"], name="response_submitted"),
            models.Index(fields=["service_point", "submitted_at"], name="response_point_submitted"),
            # The comments list reads only the few responses that have one.
            models.Index(fields=["-submitted_at"], condition=~models.Q(comment=""), name="response_commented"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (1, 5)}),
                name=f"response_{field}_range",
            )
            for field in SCORE_FIELDS
        ]

    def __str__(self) -> str:
        return f"{self.service_point} {self.submitted_at:%Y-%m-%d %H:%M}"


class Recommendation(models.Model):
    """The coordinator's suggestions for improvement (ข้อเสนอแนะเพื่อการปรับปรุง) printed in a round's O16 report."""

    fiscal_year = models.ForeignKey(FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT)
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    text = models.TextField(_("suggestions for improvement"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("suggestions for improvement")
        verbose_name_plural = _("suggestions for improvement")
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "round"], name="recommendation_unique_round")]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.get_round_display()}"


class DailyTally(models.Model):
    """How many answers gave each score, per day, point, question-set version and question position.

    Results and reports read closed days from here and only today's responses from Response, so
    they stay fast at millions of responses. Rebuilt by satisfaction.services.tallies_refresh.
    """

    day = models.DateField()
    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="+")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service_point", "question_set", "position", "score"], name="daily_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id} q{self.position}={self.score}: {self.count}"


class DailyProfileTally(models.Model):
    """How many respondents of each gender and age band, per day and point: the respondent profile.

    Kept with DailyTally (same watermark, same rebuild) so the profile of a year of responses
    is read from a few thousand rows instead of a GROUP BY over every response.
    """

    day = models.DateField()
    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=3, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service_point", "gender", "age_band"], name="daily_profile_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service_point_id} {self.gender or '-'}/{self.age_band or '-'}: {self.count}"


class TallyWatermark(models.Model):
    """The first day not yet in DailyTally (a singleton row): every earlier day is tallied."""

    SINGLETON_PK = 1

    tallied_until = models.DateField()

    def __str__(self) -> str:
        return f"tallied until {self.tallied_until}"
