"""Writes of the sales app made in its pages: changing an order."""

import hashlib
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yeji.crm.queries import may_write
from yeji.org.queries import User
from yeji.sales.models import Order, OrderStatus
from yeji.sales.queries import orders_visible

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The user may not change this order (or does not see it)."""


def order_version(order: Order) -> str:
    """A digest of what the order page lets one change, to tell whether
    the order changed since its form was shown."""
    text = f"{order.status}|{order.amount}|{order.contract_no}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def order_change(
    *,
    user: User,
    order_no: str,
    status: str,
    amount: Decimal,
    contract_no: str,
    version: str,
) -> Order:
    """Change an order's status, amount and contract number.

    ``version`` is :func:`order_version` of the order as the form showed
    it.  The same change posted twice changes it once; an order changed by
    someone else since the form was shown is refused, naming no field.
    The change is kept in the order's history.  Raises ``NotAllowed`` for
    an order out of the user's sight or a user who writes no sales
    records (finance), ``ValidationError`` for values the rules refuse.
    """
    if not may_write(user):
        raise NotAllowed
    errors: dict[str, str] = {}
    if amount < 0:
        errors["amount"] = _("An amount cannot be negative.")
    if status not in OrderStatus.values:
        errors["status"] = _("Choose one of the statuses.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        found = (
            orders_visible(user)
            .select_for_update(of=("self",))
            .filter(order_no=order_no)
            .first()
        )
        if found is None:
            raise NotAllowed
        unchanged = (found.status, found.amount, found.contract_no) == (
            status,
            amount,
            contract_no,
        )
        if unchanged:
            # A second post of the same form: the first one made the change.
            return found
        if order_version(found) != version:
            raise ValidationError(
                _(
                    "Someone changed this order since you opened the form; "
                    "here it is as it is now."
                )
            )
        found.status, found.amount, found.contract_no = status, amount, contract_no
        found.save(update_fields=["status", "amount", "contract_no"])

    logger.info("Order %s changed", order_no, extra={"user": user.pk})
    return found
