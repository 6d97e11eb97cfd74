"""The ITA framework as data (per fiscal year), measures, and the evidence that proves them."""

from django.conf import settings
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Department, FiscalYear
from core.uploads import private_upload_path


class Framework(models.Model):
    """One fiscal year's edition of the ITA criteria, loaded from a data file."""

    fiscal_year = models.OneToOneField(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="framework"
    )
    name = models.CharField(_("name"), max_length=300)
    source = models.CharField(_("source file"), max_length=200, blank=True)

    class Meta:
        ordering = ["-fiscal_year__year"]
        verbose_name = _("ITA framework")
        verbose_name_plural = _("ITA frameworks")

    def __str__(self) -> str:
        return self.name


class Tool(models.TextChoices):
    IIT = "IIT", _("IIT: internal survey of staff")
    EIT = "EIT", _("EIT: survey of people served")
    OIT = "OIT", _("OIT: open information published")


class Indicator(Bilingual, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    tool = models.CharField(_("tool"), max_length=3, choices=Tool.choices)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="indicator_number_unique")]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SubIndicator(Bilingual, models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="sub_indicators")
    code = models.CharField(_("code"), max_length=10)
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "code"]
        constraints = [models.UniqueConstraint(fields=["indicator", "code"], name="subindicator_code_unique")]
        verbose_name = _("sub-indicator")
        verbose_name_plural = _("sub-indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OITItem(Bilingual, models.Model):
    """One item of the open-information checklist (O1..On) that must be published."""

    thai_field = "title_th"
    english_field = "title_en"

    sub_indicator = models.ForeignKey(SubIndicator, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=10)
    number = models.PositiveSmallIntegerField(_("number"))
    group_th = models.CharField(_("group"), max_length=300, blank=True)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    requirement = models.TextField(_("requirement"), blank=True)
    requirement_certainty = models.CharField(_("certainty of the requirement"), max_length=20, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["sub_indicator", "code"], name="oititem_code_unique")]
        verbose_name = _("OIT item")
        verbose_name_plural = _("OIT items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def fiscal_year(self) -> FiscalYear:
        return self.sub_indicator.indicator.framework.fiscal_year


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for changes")


class MeasureQuerySet(models.QuerySet):
    def with_progress(self, today=None) -> "MeasureQuerySet":
        """Annotate evidence counts and the derived `status` as of ``today``, all in the database.

        Done: as many approved pieces of evidence as the measure requires.
        Overdue: not done and past its due date. In progress: some evidence.
        Evidence dated after ``today`` does not count, so a past round's report
        shows the status the measure had at the end of that round.
        """
        today = today or timezone.localdate()
        evidence = (
            Evidence.objects.filter(measure=OuterRef("pk"), effective_date__lte=today).order_by().values("measure")
        )
        approved = evidence.filter(review_state=ReviewState.APPROVED)
        count = Count("pk")
        return self.annotate(
            evidence_count=Coalesce(Subquery(evidence.annotate(c=count).values("c")), 0),
            approved_count=Coalesce(Subquery(approved.annotate(c=count).values("c")), 0),
        ).annotate(
            status=models.Case(
                models.When(approved_count__gte=F("evidence_required"), then=Value(MeasureStatus.DONE)),
                models.When(due_date__lt=today, then=Value(MeasureStatus.OVERDUE)),
                models.When(evidence_count__gt=0, then=Value(MeasureStatus.IN_PROGRESS)),
                default=Value(MeasureStatus.NOT_STARTED),
                output_field=models.CharField(),
            )
        )


class Measure(models.Model):
    """A measure (มาตรการ) the organisation announced for one indicator in one fiscal year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="measures"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("measure"))
    sub_points = models.JSONField(_("sub-points"), default=list, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("responsible department"), on_delete=models.PROTECT, related_name="measures"
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    frequency = models.CharField(
        _("frequency or deadline"), max_length=200, blank=True, help_text=_("e.g. twice a year, within April")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    evidence_required = models.PositiveSmallIntegerField(
        _("approved evidence required"),
        default=1,
        validators=[MinValueValidator(1)],  # the form's message, before the constraint below refuses it
        help_text=_("How many approved pieces of evidence make the measure done (2 for twice a year)."),
    )
    oit_items = models.ManyToManyField(
        OITItem, verbose_name=_("related OIT items"), blank=True, related_name="measures"
    )

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="measure_number_unique"),
            models.CheckConstraint(condition=Q(evidence_required__gte=1), name="measure_requires_evidence"),
        ]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.indicator.number}.{self.number} {self.text[:80]}"

    @property
    def fiscal_year(self) -> FiscalYear:
        return self.indicator.framework.fiscal_year


http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address that starts with http:// or https://.")
)


class Evidence(models.Model):
    """Proof that a measure was carried out or an OIT item is published: a file or a link."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    oit_item = models.ForeignKey(
        OITItem, verbose_name=_("OIT item"), on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    # The owning department: the measure's, or the uploader's for OIT-only evidence.
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="evidence"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    effective_date = models.DateField(_("effective date"), help_text=_("The date or period this evidence proves."))
    file = models.FileField(_("file"), upload_to=private_upload_path("evidence"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[http_url_validator])
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file_uploaded_at = models.DateTimeField(_("file uploaded at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the portal's schedule generated the file."),
    )
    report = models.ForeignKey(
        "core.Report",
        verbose_name=_("generated report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        help_text=_("The archived report this evidence's file was generated as, if any."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    review_state = models.CharField(
        _("review"), max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED, db_index=True
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-effective_date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__isnull=False) | Q(oit_item__isnull=False), name="evidence_has_target"
            ),
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")), name="evidence_file_xor_url"
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(review_state=ReviewState.APPROVED),
                name="evidence_published_only_when_approved",
            ),
        ]
        permissions = [
            ("review_evidence", _("Can approve or return evidence")),
            ("publish_evidence", _("Can publish evidence on the public site")),
        ]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title

    @property
    def fiscal_year(self) -> FiscalYear | None:
        """The year whose measure or OIT item this proves."""
        proved = self.measure or self.oit_item
        return proved.fiscal_year if proved is not None else None

    @property
    def is_public(self) -> bool:
        return self.is_published and self.review_state == ReviewState.APPROVED


class EvidenceRevision(models.Model):
    """A file that evidence used to carry before it was replaced; kept, never overwritten."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="revisions")
    file = models.FileField(_("file"), upload_to=private_upload_path("evidence"))
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("evidence revision")
        verbose_name_plural = _("evidence revisions")

    def __str__(self) -> str:
        return f"{self.evidence} ({self.original_filename})"
