"""The pipeline's writes: leads made and converted, opportunities made,
moved between stages and reopened, one action each.

Stage rules (``docs/data-format-pipeline.md`` says the same):

- an opportunity starts at any open stage, usually needs analysis;
- moving it sets the probability to the stage's own
  (``STAGE_PROBABILITY``) unless one is given; won is always 100 %, lost 0 %;
- lost needs the reason and the competitor who won the sale;
- won and lost are final: only a manager, a director or an administrator
  who sees the opportunity reopens it (``opportunity_reopen``), back to an
  open stage, which clears the close date, reason and competitor;
- every move, and the creation, leaves a ``StageChange`` row (who, when,
  from, to), from which the funnel's conversion rates are computed.
"""

import datetime as dt
import logging
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.models import (
    CLOSED_STAGES,
    Customer,
    FormSubmission,
    Lead,
    LeadSource,
    LeadStatus,
    Opportunity,
    Stage,
    StageChange,
)
from yeji.crm.pipeline_queries import (
    OPEN_STAGES,
    STAGE_PROBABILITY,
    may_create_leads,
    may_reopen,
    writable_leads,
    writable_opportunities,
)
from yeji.crm.queries import writable_customers
from yeji.numbering import new_key
from yeji.org.models import Employee
from yeji.org.queries import Area, User, user_employee, visible_employees

logger = logging.getLogger(__name__)

KEY_ATTEMPTS = 5


class NotAllowed(Exception):
    """The user may not write this record (or does not see it); pages
    answer 404, like a record that does not exist."""


def _fresh_key(model: type, field: str, letter: str) -> str:
    for _attempt in range(KEY_ATTEMPTS):
        key = new_key(letter)
        if not model.objects.filter(**{field: key}).exists():
            return key
    raise IntegrityError(f"no free {model.__name__} key after {KEY_ATTEMPTS} tries")


def _earlier(token: uuid.UUID | None, model: type, field: str):
    """The record an earlier post of the same form saved, if any."""
    if token is None:
        return None
    key = (
        FormSubmission.objects.filter(token=token)
        .values_list("record_key", flat=True)
        .first()
    )
    if key is None:
        return None
    earlier = model.objects.filter(**{field: key}).first()
    if earlier is None:
        raise ValidationError(
            {"token": _("This form has expired; please fill it in again.")}
        )
    return earlier


def _take_token(token: uuid.UUID | None, key: str) -> bool:
    """Take the form's token for the record ``key``; False if a concurrent
    post of the same form took it first."""
    if token is None:
        return True
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, record_key=key)
    except IntegrityError:
        return False
    return True


def _acting_employee(user: User, employee: Employee | None) -> Employee:
    """The rep a new record belongs to: the one named, if in the user's
    sight, else the user's own employee."""
    if employee is None:
        found = user_employee(user)
        if found is None:
            raise NotAllowed
        return found
    if not visible_employees(user, area=Area.SALES).filter(pk=employee.pk).exists():
        raise NotAllowed
    return employee


# -- leads ------------------------------------------------------------------


@transaction.atomic
def lead_create(
    *,
    user: User,
    name: str,
    source: str,
    contact: str = "",
    phone: str = "",
    employee: Employee | None = None,
    created_on: dt.date | None = None,
    token: uuid.UUID | None = None,
) -> Lead:
    """Record a new lead, under ``employee`` (default: the user's own)."""
    if not may_create_leads(user):
        raise NotAllowed
    employee = _acting_employee(user, employee)
    earlier = _earlier(token, Lead, "lead_no")
    if earlier is not None:
        return earlier
    errors = {}
    if not name.strip():
        errors["name"] = _("Name the company.")
    if source not in LeadSource.values:
        errors["source"] = _("Choose a source.")
    if errors:
        raise ValidationError(errors)

    lead = Lead(
        lead_no=_fresh_key(Lead, "lead_no", "L"),
        name=name.strip(),
        contact=contact.strip(),
        phone=phone.strip(),
        source=source,
        employee=employee,
        created_on=created_on or timezone.localdate(),
    )
    if not _take_token(token, lead.lead_no):
        return _earlier(token, Lead, "lead_no")
    lead.save(force_insert=True)
    logger.info("Lead created", extra={"lead_no": lead.lead_no})
    return lead


@transaction.atomic
def lead_convert(*, user: User, lead: Lead, today: dt.date | None = None) -> Customer:
    """Make the customer a lead stands for, owned by the lead's rep, and
    link it to the lead (now converted).  Converting a converted lead
    again changes nothing and returns its customer."""
    found = (
        writable_leads(user)
        .select_for_update(of=("self",))
        .select_related("customer")
        .filter(pk=lead.pk)
        .first()
    )
    if found is None:
        raise NotAllowed
    if found.status == LeadStatus.CONVERTED:
        assert found.customer is not None
        return found.customer
    if found.status != LeadStatus.OPEN:
        raise ValidationError(_("A disqualified lead is not converted."))
    today = today or timezone.localdate()

    customer = Customer.objects.create(
        code=_fresh_key(Customer, "code", "C"),
        name=found.name,
        owner_id=found.employee_id,
        acquired_on=today,
        source=found.source,
    )
    found.customer = customer
    found.status = LeadStatus.CONVERTED
    found.converted_on = today
    found.save(update_fields=["customer", "status", "converted_on"])
    logger.info(
        "Lead converted",
        extra={"lead_no": found.lead_no, "customer": customer.code},
    )
    return customer


# -- opportunities ----------------------------------------------------------


def _record_change(
    opportunity: Opportunity, *, user: User | None, from_stage: str, to_stage: str
) -> StageChange:
    return StageChange.objects.create(
        opportunity=opportunity,
        changed_at=timezone.now(),
        changed_by=user if user is not None and user.is_authenticated else None,
        from_stage=from_stage,
        to_stage=to_stage,
    )


def _check_amount(amount: Decimal | None, probability: int | None) -> dict:
    errors = {}
    if amount is None or amount < 0:
        errors["amount"] = _("An amount is not negative.")
    if probability is not None and not 0 <= probability <= 100:
        errors["probability"] = _("A probability is from 0 to 100.")
    return errors


@transaction.atomic
def opportunity_create(
    *,
    user: User,
    customer: Customer,
    name: str,
    amount: Decimal,
    expected_close_on: dt.date,
    stage: str = Stage.NEEDS_ANALYSIS,
    probability: int | None = None,
    token: uuid.UUID | None = None,
) -> Opportunity:
    """Open an opportunity with a customer the user may write, under the
    customer's owner, and record its first stage."""
    found = writable_customers(user).filter(pk=customer.pk).first()
    if found is None:
        raise NotAllowed
    earlier = _earlier(token, Opportunity, "opportunity_no")
    if earlier is not None:
        return earlier
    errors = _check_amount(amount, probability)
    if not name.strip():
        errors["name"] = _("Say what the customer may buy.")
    if stage not in OPEN_STAGES:
        errors["stage"] = _("A new opportunity starts at an open stage.")
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()

    opportunity = Opportunity(
        opportunity_no=_fresh_key(Opportunity, "opportunity_no", "OP"),
        name=name.strip(),
        customer=found,
        employee_id=found.owner_id,
        stage=stage,
        amount=amount,
        probability=STAGE_PROBABILITY[stage] if probability is None else probability,
        expected_close_on=expected_close_on,
        created_on=today,
    )
    if not _take_token(token, opportunity.opportunity_no):
        return _earlier(token, Opportunity, "opportunity_no")
    opportunity.save(force_insert=True)
    _record_change(opportunity, user=user, from_stage="", to_stage=stage)
    logger.info(
        "Opportunity opened", extra={"opportunity_no": opportunity.opportunity_no}
    )
    return opportunity


@transaction.atomic
def opportunity_move(
    *,
    user: User,
    opportunity: Opportunity,
    stage: str,
    probability: int | None = None,
    lost_reason: str = "",
    competitor: str = "",
    today: dt.date | None = None,
) -> Opportunity:
    """Move an opportunity to another stage and record the move.

    A move to the stage it is at changes nothing (a card dropped back, a
    form sent twice).  A won or lost one is not moved: a manager reopens it.
    """
    found = (
        writable_opportunities(user)
        .select_for_update(of=("self",))
        .filter(pk=opportunity.pk)
        .first()
    )
    if found is None:
        raise NotAllowed
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Choose a stage.")})
    if stage == found.stage:
        return found
    if found.stage in CLOSED_STAGES:
        raise ValidationError(
            {"stage": _("This opportunity is closed; a manager may reopen it.")}
        )
    lost_reason, competitor = lost_reason.strip(), competitor.strip()
    errors = _check_amount(found.amount, probability)
    if stage == Stage.LOST:
        if not lost_reason:
            errors["lost_reason"] = _("Say why the sale was lost.")
        if not competitor:
            errors["competitor"] = _("Name the competitor who won it.")
    if errors:
        raise ValidationError(errors)

    before = found.stage
    found.stage = stage
    if stage in CLOSED_STAGES or probability is None:
        found.probability = STAGE_PROBABILITY[stage]
    else:
        found.probability = probability
    found.closed_on = (
        (today or timezone.localdate()) if stage in CLOSED_STAGES else None
    )
    found.lost_reason = lost_reason if stage == Stage.LOST else ""
    found.competitor = competitor if stage == Stage.LOST else ""
    found.save()
    _record_change(found, user=user, from_stage=before, to_stage=stage)
    logger.info(
        "Opportunity moved",
        extra={"opportunity_no": found.opportunity_no, "from": before, "to": stage},
    )
    return found


@transaction.atomic
def opportunity_reopen(
    *, user: User, opportunity: Opportunity, stage: str = Stage.NEGOTIATION
) -> Opportunity:
    """Reopen a won or lost opportunity at an open stage: a manager's,
    director's or administrator's decision, recorded like any move."""
    if not may_reopen(user):
        raise NotAllowed
    found = (
        writable_opportunities(user)
        .select_for_update(of=("self",))
        .filter(pk=opportunity.pk)
        .first()
    )
    if found is None:
        raise NotAllowed
    if stage not in OPEN_STAGES:
        raise ValidationError({"stage": _("Reopen it at an open stage.")})
    if found.stage not in CLOSED_STAGES:
        return found

    before = found.stage
    found.stage = stage
    found.probability = STAGE_PROBABILITY[stage]
    found.closed_on = None
    found.lost_reason = found.competitor = ""
    found.save()
    _record_change(found, user=user, from_stage=before, to_stage=stage)
    logger.info(
        "Opportunity reopened",
        extra={"opportunity_no": found.opportunity_no, "from": before, "to": stage},
    )
    return found


def stage_change_record(
    *, user: User | None, opportunity: Opportunity, before: str
) -> None:
    """Record the stage change of an opportunity written elsewhere (the
    API's generic routes) if its stage changed from ``before``."""
    if opportunity.stage != before:
        _record_change(
            opportunity, user=user, from_stage=before, to_stage=opportunity.stage
        )


def stage_change_allowed(*, user: User, before: str, after: str) -> bool:
    """Whether a write that takes an opportunity from ``before`` to
    ``after`` keeps the rule that only a manager reopens a closed one."""
    return before == after or before not in CLOSED_STAGES or may_reopen(user)
