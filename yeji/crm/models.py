from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Employee


class CustomerLevel(models.TextChoices):
    A = "a", _("A (key account)")
    B = "b", _("B")
    C = "c", _("C")


class Customer(models.Model):
    """A company we sell to, owned by one rep who develops and keeps it."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        Employee,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="customers",
    )
    acquired_on = models.DateField(_("acquired on"))
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    level = models.CharField(
        _("level"), max_length=1, choices=CustomerLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["code"]
        indexes = [models.Index(fields=["owner", "acquired_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Channel(models.TextChoices):
    ONSITE = "onsite", _("On site")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class Visit(models.Model):
    """A contact between a rep and a customer: on site, by phone or video.

    ``visited_on`` is the local date of ``visited_at`` in the company's time
    zone, kept so that period filters are plain date ranges on every
    database.
    """

    visit_no = models.CharField(_("visit number"), max_length=32, unique=True)
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    visited_at = models.DateTimeField(_("visited at"))
    visited_on = models.DateField(_("visit date"))
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["visit_no"]
        indexes = [models.Index(fields=["employee", "visited_on"])]

    def __str__(self) -> str:
        return self.visit_no


class Request(models.Model):
    """A customer's request or service ticket and when it was first answered.

    ``opened_on`` is the local date of ``opened_at``.
    """

    request_no = models.CharField(_("request number"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("rep responsible"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_on = models.DateField(_("opened on"))
    first_response_at = models.DateTimeField(
        _("first response at"), null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("customer request")
        verbose_name_plural = _("customer requests")
        ordering = ["request_no"]
        indexes = [models.Index(fields=["employee", "opened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(first_response_at__gte=F("opened_at")),
                name="request_response_not_before_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.request_no


class Survey(models.Model):
    """A customer's answer to a satisfaction survey or call-back."""

    survey_no = models.CharField(_("survey number"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1-5)"))
    recommend = models.PositiveSmallIntegerField(_("would recommend (0-10)"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["survey_no"]
        indexes = [models.Index(fields=["employee", "answered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_satisfaction_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(recommend__gte=0, recommend__lte=10),
                name="survey_recommend_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.survey_no


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Complaint(models.Model):
    """A customer's complaint about a rep, a product or the service."""

    complaint_no = models.CharField(_("complaint number"), max_length=32, unique=True)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField(_("filed on"))
    category = models.CharField(_("category"), max_length=100)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, blank=True
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["complaint_no"]
        indexes = [models.Index(fields=["employee", "filed_on"])]

    def __str__(self) -> str:
        return self.complaint_no
