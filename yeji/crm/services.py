"""The daily work of the customer pages: every write, one action each.

Each action takes the acting user, checks that they may write the
customer's records (``queries.writable_customers``), saves in one
transaction and returns the record.  The forms' one-time token is taken in
the same transaction, so the same form posted twice saves once and the
second post gets the first record back.
"""

import datetime as dt
import logging
import uuid
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.checkin import distance_m
from yeji.crm.models import (
    Channel,
    Complaint,
    Customer,
    FormSubmission,
    LocationSource,
    Priority,
    Request,
    RequestType,
    Severity,
    Survey,
    Visit,
)
from yeji.crm.queries import visible_requests, writable_customers
from yeji.numbering import new_key
from yeji.org.queries import User, user_employee

logger = logging.getLogger(__name__)

Record = TypeVar("Record", bound=models.Model)

# How often a fresh key is tried when a random one is already taken.
KEY_ATTEMPTS = 5


class NotAllowed(Exception):
    """The user may not write this customer's records (or does not see it).

    Pages answer it as 404, like a customer that does not exist.
    """


def _writable(user: User, customer: Customer) -> Customer:
    found = (
        writable_customers(user).select_related("owner").filter(pk=customer.pk).first()
    )
    if found is None:
        raise NotAllowed
    return found


def _earlier_submission(
    model: type[Record], key_field: str, token: uuid.UUID | None, customer: Customer
) -> Record | None:
    """The record saved before under the form's token, if it was.

    A token taken by a record of another kind or customer (a form tampered
    with) is refused rather than answered with that record.
    """
    if token is None:
        return None
    key = (
        FormSubmission.objects.filter(token=token)
        .values_list("record_key", flat=True)
        .first()
    )
    if key is None:
        return None
    earlier = model.objects.filter(**{key_field: key}, customer=customer).first()
    if earlier is None:
        raise ValidationError(
            {"token": _("This form has expired; please fill it in again.")}
        )
    return earlier


def _save_once(
    record: Record, *, letter: str, key_field: str, token: uuid.UUID | None
) -> Record:
    """Save a new record under a fresh key and take the form's token.

    A key already taken gets another try; a token already taken means the
    form was posted before, and the record saved then is returned instead.
    """
    model = type(record)
    customer = record.customer  # type: ignore[attr-defined]
    for _attempt in range(KEY_ATTEMPTS):
        setattr(record, key_field, new_key(letter))
        try:
            with transaction.atomic():
                if token is not None:
                    FormSubmission.objects.create(
                        token=token, record_key=getattr(record, key_field)
                    )
                record.save(force_insert=True)
            return record
        except IntegrityError:
            earlier = _earlier_submission(model, key_field, token, customer)
            if earlier is not None:
                return earlier
            if model.objects.filter(**{key_field: getattr(record, key_field)}).exists():
                continue
            raise
    raise IntegrityError(f"no free {model.__name__} key after {KEY_ATTEMPTS} tries")


def _check_not_future(value: dt.date | dt.datetime, field: str) -> None:
    now = timezone.now()
    if isinstance(value, dt.datetime):
        # A phone's clock may run a little ahead of the server's.
        if value > now + dt.timedelta(minutes=5):
            raise ValidationError({field: _("This is in the future.")})
    elif value > timezone.localdate(now):
        raise ValidationError({field: _("This is in the future.")})


def _check_location(
    latitude: Decimal | None, longitude: Decimal | None, accuracy: Decimal | None
) -> None:
    errors: dict[str, str] = {}
    if latitude is not None and not Decimal(-90) <= latitude <= Decimal(90):
        errors["latitude"] = _("A latitude is between -90 and 90 degrees.")
    if longitude is not None and not Decimal(-180) <= longitude <= Decimal(180):
        errors["longitude"] = _("A longitude is between -180 and 180 degrees.")
    if accuracy is not None and accuracy < 0:
        errors["accuracy"] = _("An accuracy is not negative.")
    if (latitude is None) != (longitude is None) and not errors:
        errors["latitude"] = _("A location needs both latitude and longitude.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def visit_log(
    *,
    user: User,
    customer: Customer,
    channel: str,
    visited_at: dt.datetime,
    summary: str = "",
    next_follow_up_on: dt.date | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    accuracy: Decimal | None = None,
    location_consent: bool = False,
    location_source: str = "",
    token: uuid.UUID | None = None,
) -> Visit:
    """Log a visit of the acting user's employee at a customer they may
    write.

    A location is kept for an on-site visit only, only when the rep agreed
    to it (``location_consent``; without it coordinates sent are dropped),
    and only as given by the rep's phone (``location_source``: gps, network
    or manual).  An on-site visit records when it was checked in and, when
    both it and the customer have a location, how far apart they were.
    The visit counts on the rep's scorecard from the local date of
    ``visited_at``; a next follow-up date makes the customer due then.
    """
    customer = _writable(user, customer)
    employee = user_employee(user)
    assert employee is not None  # writable_customers needs one
    earlier = _earlier_submission(Visit, "visit_no", token, customer)
    if earlier is not None:
        return earlier
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Choose a channel.")})
    _check_not_future(visited_at, "visited_at")
    if channel != Channel.ONSITE or not location_consent:
        latitude = longitude = accuracy = None
    _check_location(latitude, longitude, accuracy)
    if latitude is None:
        accuracy = None
        location_source = ""
    elif location_source not in LocationSource.values:
        location_source = LocationSource.GPS
    distance = None
    if latitude is not None and customer.latitude is not None:
        distance = distance_m(
            latitude, longitude, customer.latitude, customer.longitude
        )
    visited_on = timezone.localdate(visited_at)
    if next_follow_up_on is not None and next_follow_up_on < visited_on:
        raise ValidationError(
            {"next_follow_up_on": _("The follow-up is before the visit.")}
        )

    visit = _save_once(
        Visit(
            employee=employee,
            customer=customer,
            visited_at=visited_at,
            visited_on=visited_on,
            channel=channel,
            summary=summary.strip(),
            next_follow_up_on=next_follow_up_on,
            latitude=latitude,
            longitude=longitude,
            location_accuracy=accuracy,
            location_source=location_source,
            distance_m=distance,
            checked_in_at=timezone.now() if channel == Channel.ONSITE else None,
        ),
        letter="V",
        key_field="visit_no",
        token=token,
    )
    logger.info(
        "Visit logged",
        extra={"visit_no": visit.visit_no, "customer": customer.code},
    )
    return visit


@transaction.atomic
def request_open(
    *,
    user: User,
    customer: Customer,
    subject: str,
    opened_at: dt.datetime,
    request_type: str = RequestType.QUESTION,
    priority: str = Priority.NORMAL,
    token: uuid.UUID | None = None,
) -> Request:
    """Record a customer's request, under the customer's owner; its
    priority sets its response target (``crm.service``)."""
    customer = _writable(user, customer)
    earlier = _earlier_submission(Request, "request_no", token, customer)
    if earlier is not None:
        return earlier
    if not subject.strip():
        raise ValidationError({"subject": _("Say what the customer asks for.")})
    if request_type not in RequestType.values:
        raise ValidationError({"request_type": _("Choose a type.")})
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    _check_not_future(opened_at, "opened_at")

    request = _save_once(
        Request(
            customer=customer,
            employee=customer.owner,
            opened_at=opened_at,
            opened_on=timezone.localdate(opened_at),
            subject=subject.strip(),
            request_type=request_type,
            priority=priority,
        ),
        letter="R",
        key_field="request_no",
        token=token,
    )
    logger.info(
        "Request opened",
        extra={"request_no": request.request_no, "customer": customer.code},
    )
    return request


@transaction.atomic
def request_answer(
    *, user: User, request: Request, answered_at: dt.datetime | None = None
) -> Request:
    """Record the first response to a request: now, or at ``answered_at``.

    A request already answered keeps its first response, so answering it
    again (a second tap) changes nothing.
    """
    found = (
        visible_requests(user)
        .filter(pk=request.pk, customer__in=writable_customers(user))
        .select_for_update()
        .first()
    )
    if found is None:
        raise NotAllowed
    if found.first_response_at is not None:
        return found
    answered_at = answered_at or timezone.now()
    if answered_at < found.opened_at:
        raise ValidationError(
            {"answered_at": _("The response is before the request was opened.")}
        )
    _check_not_future(answered_at, "answered_at")

    found.first_response_at = answered_at
    found.note_answered()
    found.save(update_fields=["first_response_at", "status"])
    logger.info("Request answered", extra={"request_no": found.request_no})
    return found


@transaction.atomic
def survey_record(
    *,
    user: User,
    customer: Customer,
    answered_on: dt.date,
    satisfaction: int,
    recommend: int,
    comment: str = "",
    token: uuid.UUID | None = None,
) -> Survey:
    """Record a customer's survey answer, under the customer's owner."""
    customer = _writable(user, customer)
    earlier = _earlier_submission(Survey, "survey_no", token, customer)
    if earlier is not None:
        return earlier
    errors = {}
    if not 1 <= satisfaction <= 5:
        errors["satisfaction"] = _("Satisfaction is from 1 to 5.")
    if not 0 <= recommend <= 10:
        errors["recommend"] = _("Would recommend is from 0 to 10.")
    if errors:
        raise ValidationError(errors)
    _check_not_future(answered_on, "answered_on")

    survey = _save_once(
        Survey(
            customer=customer,
            employee=customer.owner,
            answered_on=answered_on,
            satisfaction=satisfaction,
            recommend=recommend,
            comment=comment.strip(),
        ),
        letter="S",
        key_field="survey_no",
        token=token,
    )
    logger.info("Survey recorded", extra={"survey_no": survey.survey_no})
    return survey


@transaction.atomic
def complaint_record(
    *,
    user: User,
    customer: Customer,
    category: str,
    filed_on: dt.date,
    severity: str = "",
    resolved_on: dt.date | None = None,
    token: uuid.UUID | None = None,
) -> Complaint:
    """Record a customer's complaint, under the customer's owner."""
    customer = _writable(user, customer)
    earlier = _earlier_submission(Complaint, "complaint_no", token, customer)
    if earlier is not None:
        return earlier
    if not category.strip():
        raise ValidationError({"category": _("Say what the complaint is about.")})
    if severity and severity not in Severity.values:
        raise ValidationError({"severity": _("Choose a severity.")})
    _check_not_future(filed_on, "filed_on")
    if resolved_on is not None:
        if resolved_on < filed_on:
            raise ValidationError(
                {"resolved_on": _("The complaint is resolved before it was filed.")}
            )
        _check_not_future(resolved_on, "resolved_on")

    complaint = _save_once(
        Complaint(
            customer=customer,
            employee=customer.owner,
            filed_on=filed_on,
            category=category.strip(),
            severity=severity,
            resolved_on=resolved_on,
        ),
        letter="CP",
        key_field="complaint_no",
        token=token,
    )
    logger.info("Complaint recorded", extra={"complaint_no": complaint.complaint_no})
    return complaint
