from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yeji.audit.models import audited
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

    history = audited()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["owner", "acquired_on"]),
            # The customer list sorts by name and filters by level and
            # industry among a million customers.
            models.Index(fields=["name"], name="crm_customer_name_idx"),
            models.Index(fields=["level", "code"], name="crm_customer_level_idx"),
            models.Index(fields=["industry", "code"], name="crm_customer_industry_idx"),
            models.Index(
                fields=["acquired_on", "code"], name="crm_customer_acquired_idx"
            ),
        ]

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
    next_follow_up_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    # Where the rep's phone said it was during an on-site visit, when the rep
    # allowed the page to ask.  Degrees (WGS 84) with six places are about
    # 0.1 m; the accuracy is the phone's radius of doubt in metres.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_accuracy = models.DecimalField(
        _("location accuracy (m)"),
        max_digits=9,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["visit_no"]
        indexes = [
            models.Index(fields=["employee", "visited_on"]),
            # A customer's history and last contact, newest first.
            models.Index(fields=["customer", "visited_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90),
                name="visit_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180),
                name="visit_longitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(location_accuracy__isnull=True)
                | Q(location_accuracy__gte=0),
                name="visit_location_accuracy_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="visit_location_both_or_neither",
            ),
        ]

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


class FormSubmission(models.Model):
    """A form of the daily work pages that has been saved once.

    Every form carries a one-time token; the service that saves the form
    records the token here in the same transaction as the record it made.
    A second post of the same form (a double tap, a resent page) finds its
    token taken and gets the first record back instead of making another.
    """

    # TODO: tokens are kept for ever, one row per form saved; a periodic task
    # should delete those older than a few days, after which nobody resends
    # a form.

    token = models.UUIDField(_("token"), unique=True)
    record_key = models.CharField(_("record key"), max_length=32)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return str(self.token)
