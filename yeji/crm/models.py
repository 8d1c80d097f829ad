from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yeji.audit.models import audited
from yeji.crm.keeping_models import (  # noqa: F401 (the tables of keeping)
    KeepingSettings,
    LocationSource,
    MoveReason,
    OwnershipMove,
    Priority,
    RequestStatus,
    RequestType,
    SurveyInvitation,
)
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
    # Where the customer's address is (WGS 84), for telling whether a visit
    # checked in at the customer; and where that came from.
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_source = models.CharField(
        _("location source"),
        max_length=8,
        choices=LocationSource.choices,
        blank=True,
        default="",
        # The import writes its columns only; the database fills the rest.
        db_default="",
    )
    # Set while the customer is in the shared pool: its last owner stays on
    # record (and its team may claim it) but nobody keeps it.
    pooled_at = models.DateTimeField(_("in the pool since"), null=True, blank=True)

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
            models.Index(fields=["pooled_at"], name="crm_customer_pooled_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="customer_location_in_range_both_or_neither",
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
    location_source = models.CharField(
        _("location source"),
        max_length=8,
        choices=LocationSource.choices,
        blank=True,
        default="",
        # The import writes its columns only; the database fills the rest.
        db_default="",
    )
    # The distance from the customer's address at check-in, kept after the
    # location itself is purged, so the visit still shows whether it was
    # made at the customer.
    distance_m = models.DecimalField(
        _("distance from the customer (m)"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

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
    request_type = models.CharField(
        _("type"),
        max_length=16,
        choices=RequestType.choices,
        default=RequestType.QUESTION,
        db_default=RequestType.QUESTION,
    )
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=Priority.choices,
        default=Priority.NORMAL,
        db_default=Priority.NORMAL,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_default=RequestStatus.OPEN,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(
        _("resolution"), blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("customer request")
        verbose_name_plural = _("customer requests")
        ordering = ["request_no"]
        indexes = [
            models.Index(fields=["employee", "opened_on"]),
            # The overdue requests: those still waiting, oldest first.
            models.Index(
                fields=["opened_at"],
                condition=Q(first_response_at__isnull=True),
                name="crm_request_waiting_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_at__isnull=True)
                | Q(first_response_at__gte=F("opened_at")),
                name="request_response_not_before_opened",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True)
                | Q(resolved_at__gte=F("opened_at")),
                name="request_resolved_not_before_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.request_no

    def note_answered(self) -> None:
        """Move an open request that has its first response to in progress,
        as answering it does; resolved and closed ones stay as they are.
        (An import applies the same rule in SQL: interchange.merging.)"""
        if self.first_response_at is not None and self.status == RequestStatus.OPEN:
            self.status = RequestStatus.IN_PROGRESS


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
    # Who sees the complaint through to its resolution (the rep's manager,
    # often), and what was done.
    handler = models.ForeignKey(
        Employee,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    resolution = models.TextField(
        _("resolution"), blank=True, default="", db_default=""
    )

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


# -- the pipeline: leads and opportunities (see crm/pipeline.py) -------------


class LeadSource(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    EXHIBITION = "exhibition", _("Exhibition")
    WEBSITE = "website", _("Website")
    COLD_CALL = "cold_call", _("Cold call")
    PARTNER = "partner", _("Partner")


class LeadStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("a lead not yet converted", "Open")
    CONVERTED = "converted", _("Converted")
    DISQUALIFIED = "disqualified", _("Disqualified")


class Lead(models.Model):
    """A company that might buy, found by a rep and not yet a customer.

    Converting a lead makes the customer (owned by the lead's rep) and links
    it here; a converted lead keeps its customer for good.
    """

    lead_no = models.CharField(_("lead number"), max_length=32, unique=True)
    name = models.CharField(_("company"), max_length=200)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=LeadSource.choices)
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField(_("created on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=LeadStatus.choices,
        default=LeadStatus.OPEN,
    )
    customer = models.OneToOneField(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead",
    )
    converted_on = models.DateField(_("converted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["lead_no"]
        indexes = [
            models.Index(fields=["employee", "created_on"]),
            models.Index(fields=["status", "lead_no"], name="crm_lead_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="converted", customer__isnull=False)
                | (~Q(status="converted") & Q(customer__isnull=True)),
                name="lead_converted_has_customer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_no} {self.name}"


class Stage(models.TextChoices):
    """The stages of an opportunity, in the order a sale goes through them.

    Won and lost close it; only a manager reopens a closed one.
    """

    NEEDS_ANALYSIS = "needs_analysis", _("Needs analysis")
    DEMO = "demo", _("Demo")
    PROPOSAL = "proposal", _("Proposal")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


class Opportunity(models.Model):
    """A sale a rep is working on with a customer: how much, how likely, by
    when, and at which stage.

    ``probability`` is a whole percentage; the weighted pipeline counts an
    open opportunity at ``amount × probability / 100``.  A lost one names
    its reason and the competitor who won it (the database checks both).
    """

    opportunity_no = models.CharField(
        _("opportunity number"), max_length=32, unique=True
    )
    name = models.CharField(_("title"), max_length=200)
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("rep"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    probability = models.PositiveSmallIntegerField(_("probability (%)"))
    expected_close_on = models.DateField(_("expected close date"))
    created_on = models.DateField(_("created on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    lost_reason = models.CharField(_("reason lost"), max_length=300, blank=True)
    competitor = models.CharField(_("competitor"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["opportunity_no"]
        indexes = [
            # The board and the weighted pipeline: a rep's opportunities by
            # stage and expected close date.
            models.Index(
                fields=["employee", "stage", "expected_close_on"],
                name="crm_opp_rep_stage_idx",
            ),
            models.Index(fields=["created_on"], name="crm_opp_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="opportunity_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(probability__gte=0, probability__lte=100),
                name="opportunity_probability_0_to_100",
            ),
            models.CheckConstraint(
                condition=~Q(stage="lost") | (~Q(lost_reason="") & ~Q(competitor="")),
                name="opportunity_lost_has_reason_and_competitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_no} {self.name}"

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


CLOSED_STAGES = frozenset({Stage.WON, Stage.LOST})


class StageChange(models.Model):
    """One move of an opportunity between stages: who, when, from, to.

    Its creation is a change from no stage (``from_stage`` empty).  The
    funnel's conversion rates are computed from these rows.
    """

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_stage = models.CharField(
        _("from stage"), max_length=16, choices=Stage.choices, blank=True
    )
    to_stage = models.CharField(_("to stage"), max_length=16, choices=Stage.choices)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["opportunity", "to_stage"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stage=F("to_stage")),
                name="stage_change_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.from_stage or '-'} → {self.to_stage}"
