"""The company's keeping rules, read and changed in one place.

Every page, home, list and command that needs a rule of customer keeping
(the follow-up gap of a level, a priority's response target, the pool's
limits, the check-in distance) asks it here, so that they cannot disagree.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yeji.crm.keeping_models import KeepingSettings, Priority
from yeji.crm.models import CustomerLevel
from yeji.org.models import Role
from yeji.org.queries import User, is_administrator, user_employee

logger = logging.getLogger(__name__)

# The fields an administrator or a director may change, in the form's order.
EDITABLE_FIELDS = (
    "follow_up_days_a",
    "follow_up_days_b",
    "follow_up_days_c",
    "pool_after_days",
    "pool_claim_limit",
    "check_in_distance_m",
    "location_retention_days",
    "response_hours_urgent",
    "response_hours_high",
    "response_hours_normal",
    "response_hours_low",
    "survey_link_days",
)


def keeping_settings() -> KeepingSettings:
    """The company's settings: the saved row, or, before anyone changed
    them, the defaults (unsaved, so that a page that reads them writes
    nothing)."""
    found = KeepingSettings.objects.filter(singleton=1).first()
    return found if found is not None else KeepingSettings(singleton=1)


def follow_up_days(level: str, rules: KeepingSettings | None = None) -> int:
    """The longest a customer of ``level`` may go without a contact; a
    customer without a level is kept like a C customer."""
    rules = rules or keeping_settings()
    if level == CustomerLevel.A:
        return rules.follow_up_days_a
    if level == CustomerLevel.B:
        return rules.follow_up_days_b
    return rules.follow_up_days_c


def follow_up_days_by_level(rules: KeepingSettings | None = None) -> dict[str, int]:
    """The gap of every level, ``""`` (no level) included."""
    rules = rules or keeping_settings()
    return {
        level: follow_up_days(level, rules) for level in [*CustomerLevel.values, ""]
    }


def response_target_hours(priority: str, rules: KeepingSettings | None = None) -> int:
    """The hours within which a request of ``priority`` should have its
    first response."""
    rules = rules or keeping_settings()
    return {
        Priority.URGENT: rules.response_hours_urgent,
        Priority.HIGH: rules.response_hours_high,
        Priority.LOW: rules.response_hours_low,
    }.get(priority, rules.response_hours_normal)


def may_edit_settings(user: User) -> bool:
    """Administrators and directors set the company's keeping rules."""
    if is_administrator(user):
        return True
    employee = user_employee(user)
    return (
        employee is not None
        and employee.role == Role.DIRECTOR
        and (employee.left_on is None)
    )


class NotAllowed(Exception):
    """The user may not change the keeping settings."""


@transaction.atomic
def keeping_settings_update(*, user: User, **values: int) -> KeepingSettings:
    """Change some of the company's keeping rules; every value is a whole
    number, the gaps, the pool's days and the survey link's days at least
    one."""
    if not may_edit_settings(user):
        raise NotAllowed
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not a keeping setting: {sorted(unknown)}")
    errors = {}
    at_least_one = {
        "follow_up_days_a",
        "follow_up_days_b",
        "follow_up_days_c",
        "pool_after_days",
        "survey_link_days",
    }
    for name, value in values.items():
        low = 1 if name in at_least_one else 0
        if not isinstance(value, int) or value < low:
            errors[name] = _("Enter a whole number of at least %(low)d.") % {"low": low}
    if errors:
        raise ValidationError(errors)

    KeepingSettings.objects.get_or_create(singleton=1)
    rules = KeepingSettings.objects.select_for_update().get(singleton=1)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    logger.info("Keeping settings changed", extra={"fields": sorted(values)})
    return rules
