"""Satisfaction surveys sent as links: made by the rep, answered once by the
customer without an account, before the link expires.

The link carries the invitation's id signed with ``django.core.signing``
(the project's secret key, a salt of its own), so it cannot be guessed or
altered; the signature's timestamp and the invitation's ``expires_at`` both
bound its life, and ``answered_at`` makes it single use.  The answer is a
``Survey`` of the rep who owned the customer when the link was made, which
the scorecard reads like any other.
"""

import datetime as dt
import logging

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.keeping_models import SurveyInvitation
from yeji.crm.models import Customer, Survey
from yeji.crm.queries import writable_customers
from yeji.crm.rules import keeping_settings
from yeji.crm.services import KEY_ATTEMPTS
from yeji.numbering import new_key
from yeji.org.queries import User

logger = logging.getLogger(__name__)

SALT = "yeji.crm.survey-link"


class LinkInvalid(Exception):
    """The link was altered, expired or already answered."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(Exception):
    """The user may not send this customer a survey: 404."""


def survey_link_token(invitation: SurveyInvitation) -> str:
    """The signed token of the invitation's link."""
    return signing.dumps({"i": invitation.pk}, salt=SALT, compress=True)


@transaction.atomic
def survey_invitation_create(
    *, user: User, customer: Customer, now: dt.datetime | None = None
) -> SurveyInvitation:
    """Make a survey link for a customer the user may write, open for the
    company's ``survey_link_days``."""
    found = writable_customers(user).filter(pk=customer.pk).first()
    if found is None:
        raise NotAllowed
    now = now or timezone.now()
    days = keeping_settings().survey_link_days
    invitation = SurveyInvitation.objects.create(
        customer=found,
        employee_id=found.owner_id,
        created_by=user if user.is_authenticated else None,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    logger.info("Survey link made", extra={"customer": found.code})
    return invitation


def invitation_for_token(
    token: str, *, now: dt.datetime | None = None
) -> SurveyInvitation:
    """The open invitation a link names; :class:`LinkInvalid` for a link
    altered, expired or already answered."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise LinkInvalid(_("This survey link is not valid.")) from None
    invitation = (
        SurveyInvitation.objects.select_related("customer", "employee")
        .filter(pk=data.get("i") if isinstance(data, dict) else None)
        .first()
    )
    if invitation is None:
        raise LinkInvalid(_("This survey link is not valid."))
    if invitation.answered_at is not None:
        raise LinkInvalid(_("This survey has already been answered. Thank you."))
    if invitation.expires_at <= now:
        raise LinkInvalid(_("This survey link has expired."))
    return invitation


def survey_answer(
    *,
    token: str,
    satisfaction: int,
    recommend: int,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Survey:
    """Record a customer's answer through a link, once: the invitation is
    locked while the survey is made, so two posts of it make one survey and
    the second is told it was answered."""
    now = now or timezone.now()
    errors = {}
    if not 1 <= satisfaction <= 5:
        errors["satisfaction"] = _("Satisfaction is from 1 to 5.")
    if not 0 <= recommend <= 10:
        errors["recommend"] = _("Would recommend is from 0 to 10.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        invitation = invitation_for_token(token, now=now)
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.answered_at is not None:
            raise LinkInvalid(_("This survey has already been answered. Thank you."))
        survey = None
        for _attempt in range(KEY_ATTEMPTS):
            key = new_key("S", on=timezone.localdate(now))
            if not Survey.objects.filter(survey_no=key).exists():
                survey = Survey.objects.create(
                    survey_no=key,
                    customer_id=invitation.customer_id,
                    employee_id=invitation.employee_id,
                    answered_on=timezone.localdate(now),
                    satisfaction=satisfaction,
                    recommend=recommend,
                    comment=comment.strip()[:4000],
                )
                break
        assert survey is not None, "no free survey key"
        invitation.survey = survey
        invitation.answered_at = now
        invitation.save(update_fields=["survey", "answered_at"])
    logger.info("Survey answered through a link", extra={"survey_no": survey.survey_no})
    return survey
