"""Tables of customer keeping: the company's keeping settings, the record of
every move of a customer between owners and the pool, and the links that
let a customer answer a satisfaction survey without an account.

The choices of the fields added to the customer, the visit, the request
and the complaint live here too, so that ``crm.models`` only imports them.
Foreign keys name their models as strings: this module is imported by
``crm.models`` before the customer is defined.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LocationSource(models.TextChoices):
    GPS = "gps", _("GPS")
    NETWORK = "network", _("Network")
    MANUAL = "manual", _("Entered by hand")


class RequestType(models.TextChoices):
    QUESTION = "question", _("Question")
    INSTALLATION = "installation", _("Installation")
    REPAIR = "repair", _("Repair")
    RETURN = "return", _("Return or exchange")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High priority")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low priority")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a response")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class KeepingSettings(models.Model):
    """The company's rules for keeping customers: when a quiet customer
    returns to the pool and how many a rep may hold, the longest a customer
    of each level may go without a contact, how near a check-in must be to
    count as at the customer and how long its location is kept, the
    response-time target of each request priority, and how long a survey
    link stays open.

    One row (``singleton`` 1), saved when first changed; until then the
    defaults apply.
    """

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    pool_after_days = models.PositiveIntegerField(
        _("days without contact before a customer returns to the pool"), default=90
    )
    pool_claim_limit = models.PositiveIntegerField(
        _("most customers a rep may hold"), default=200
    )
    follow_up_days_a = models.PositiveIntegerField(
        _("longest gap between contacts, level A (days)"), default=14
    )
    follow_up_days_b = models.PositiveIntegerField(
        _("longest gap between contacts, level B (days)"), default=30
    )
    follow_up_days_c = models.PositiveIntegerField(
        _("longest gap between contacts, level C or none (days)"), default=60
    )
    check_in_distance_m = models.PositiveIntegerField(
        _("a check-in is at the customer within (metres)"), default=500
    )
    location_retention_days = models.PositiveIntegerField(
        _("days a check-in location is kept"), default=180
    )
    response_hours_urgent = models.PositiveIntegerField(
        _("response target, urgent requests (hours)"), default=4
    )
    response_hours_high = models.PositiveIntegerField(
        _("response target, high-priority requests (hours)"), default=8
    )
    response_hours_normal = models.PositiveIntegerField(
        _("response target, normal requests (hours)"), default=24
    )
    response_hours_low = models.PositiveIntegerField(
        _("response target, low-priority requests (hours)"), default=72
    )
    survey_link_days = models.PositiveIntegerField(
        _("days a survey link stays open"), default=14
    )

    class Meta:
        verbose_name = _("keeping settings")
        verbose_name_plural = _("keeping settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(singleton=1), name="keeping_settings_one_row"
            ),
            models.CheckConstraint(
                condition=Q(pool_after_days__gte=1), name="keeping_pool_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(follow_up_days_a__gte=1)
                & Q(follow_up_days_b__gte=1)
                & Q(follow_up_days_c__gte=1),
                name="keeping_follow_up_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(survey_link_days__gte=1),
                name="keeping_survey_link_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(_("keeping settings"))


class MoveReason(models.TextChoices):
    POOL_RETURN = "pool_return", _("Returned to the pool")
    CLAIM = "claim", _("Claimed from the pool")
    HANDOVER = "handover", _("Handed over")


class OwnershipMove(models.Model):
    """One move of a customer: from its owner to the pool, from the pool to
    a rep who claimed it, or from a leaving rep to another.

    ``to_employee`` is empty for a return to the pool (the customer keeps
    its last owner, whose team may claim it); ``moved_by`` is empty when the
    scheduled return moved it.
    """

    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="moves",
    )
    from_employee = models.ForeignKey(
        "org.Employee",
        verbose_name=pgettext_lazy("owner before a move", "from"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    to_employee = models.ForeignKey(
        "org.Employee",
        verbose_name=pgettext_lazy("owner after a move", "to"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.CharField(_("why"), max_length=16, choices=MoveReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    moved_at = models.DateTimeField(_("moved at"))

    class Meta:
        verbose_name = _("ownership move")
        verbose_name_plural = _("ownership moves")
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["customer", "moved_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason="pool_return", to_employee__isnull=True)
                | (~Q(reason="pool_return") & Q(to_employee__isnull=False)),
                name="ownership_move_to_someone_unless_pooled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.reason} {self.moved_at:%Y-%m-%d}"


class SurveyInvitation(models.Model):
    """A survey sent to a customer as a link, answered once without an
    account before ``expires_at``; the answer becomes a survey of the rep
    who owned the customer when the link was made."""

    customer = models.ForeignKey(
        "crm.Customer",
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    employee = models.ForeignKey(
        "org.Employee",
        verbose_name=_("rep"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    survey = models.OneToOneField(
        "crm.Survey",
        verbose_name=_("answer"),
        on_delete=models.SET_NULL,
        related_name="invitation",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="survey_invitation_expires_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.created_at:%Y-%m-%d}"
