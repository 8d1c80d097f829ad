from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yeji.audit.models import audited


class Dimension(models.TextChoices):
    SALES = "sales", _("Sales performance")
    SATISFACTION = "satisfaction", _("Customer satisfaction")
    EFFICIENCY = "efficiency", _("Work efficiency")
    QUALITY = "quality", _("Overall quality")


class Metric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    ORDER_COUNT = "order_count", _("Orders")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    CUSTOMER_GROWTH_RATE = "customer_growth_rate", _("Customer growth rate")
    AVG_SATISFACTION = "avg_satisfaction", _("Average satisfaction")
    RECOMMENDATION_RATE = "recommendation_rate", _("Recommendation rate")
    NPS = "nps", _("Net promoter score")
    COMPLAINTS = "complaints", _("Complaints")
    VISITS = "visits", _("Visits")
    VISITS_PER_WEEK = "visits_per_week", _("Visits per week")
    TASK_ON_TIME_RATE = "task_on_time_rate", _("Tasks on time")
    MEDIAN_RESPONSE_HOURS = "median_response_hours", _("Median response (hours)")
    UNANSWERED_REQUESTS = "unanswered_requests", _("Unanswered requests")
    KNOWLEDGE_SCORE = "knowledge_score", _("Product knowledge")
    COMMUNICATION_SCORE = "communication_score", _("Communication")
    TEAMWORK_SCORE = "teamwork_score", _("Teamwork")


class TargetSource(models.TextChoices):
    """Which of the rep's targets a metric's full-score point comes from."""

    REVENUE = "revenue", _("the revenue target")
    ORDERS = "orders", _("the orders target")
    NEW_CUSTOMERS = "new_customers", _("the new customers target")


class ScorecardTemplate(models.Model):
    """How reps are judged: the weights of dimensions and metrics and the
    values that score 0 and 100.

    A company may keep several; the one marked default is used when a
    scorecard names none.
    """

    name = models.CharField(_("name"), max_length=64, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="scorecard_template_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateDimension(models.Model):
    """One dimension's weight in a template's overall score."""

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="dimensions"
    )
    dimension = models.CharField(
        _("dimension"), max_length=16, choices=Dimension.choices
    )
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4)

    history = audited()

    class Meta:
        verbose_name = _("dimension weight")
        verbose_name_plural = _("dimension weights")
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "dimension"], name="template_dimension_once"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="template_dimension_weight_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} ({self.weight})"

    def clean(self) -> None:
        if self.weight is not None and self.weight < 0:
            raise ValidationError({"weight": _("A weight cannot be negative.")})


class TemplateMetric(models.Model):
    """One metric's weight within its dimension and its scoring points.

    The score moves in a straight line from ``zero`` (scores 0) to ``full``
    (scores 100).  ``full`` is either a fixed value or, with ``full_target``,
    the rep's target for the period.
    """

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="metrics"
    )
    dimension = models.CharField(
        _("dimension"), max_length=16, choices=Dimension.choices
    )
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4)
    zero = models.DecimalField(_("value scoring 0"), max_digits=16, decimal_places=4)
    full = models.DecimalField(
        _("value scoring 100"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty when the full score is the rep's target."),
    )
    full_target = models.CharField(
        _("full score at target"),
        max_length=16,
        choices=TargetSource.choices,
        blank=True,
    )

    history = audited()

    class Meta:
        verbose_name = _("metric weight")
        verbose_name_plural = _("metric weights")
        ordering = ["template", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "metric"], name="template_metric_once"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="template_metric_weight_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(full__isnull=False) & Q(full_target=""))
                | (Q(full__isnull=True) & ~Q(full_target="")),
                name="template_metric_full_xor_target",
            ),
            models.CheckConstraint(
                condition=Q(full__isnull=True) | ~Q(full=F("zero")),
                name="template_metric_zero_differs_from_full",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ({self.weight})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.weight is not None and self.weight < 0:
            errors["weight"] = _("A weight cannot be negative.")
        if self.full is None and not self.full_target:
            errors["full"] = _(
                "Give the value that scores 100, or choose a target for it."
            )
        if self.full is not None and self.full_target:
            errors["full_target"] = _(
                "Give either a value that scores 100 or a target, not both."
            )
        if self.full is not None and self.zero is not None and self.full == self.zero:
            errors["full"] = _(
                "The value scoring 100 must differ from the value scoring 0."
            )
        if errors:
            raise ValidationError(errors)


class RecordsVersion(models.Model):
    """How often the records of one month (``key`` "2026-11") or of any
    month (``key`` "*") have changed: what a kept scorecard is checked
    against (see performance.snapshots)."""

    key = models.CharField(_("month"), max_length=7, unique=True)
    value = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("records version")
        verbose_name_plural = _("records versions")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class ScorecardSnapshot(models.Model):
    """A scorecard as computed once, with the record versions it was
    computed under (see performance.snapshots)."""

    key = models.CharField(_("key"), max_length=255, unique=True)
    versions = models.JSONField(_("versions"))
    computed_at = models.DateTimeField(_("computed at"))
    payload = models.BinaryField(_("payload"))

    class Meta:
        verbose_name = _("kept scorecard")
        verbose_name_plural = _("kept scorecards")

    def __str__(self) -> str:
        return self.key
