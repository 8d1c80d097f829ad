"""What a customer's page shows of its keeping: when it is next due, its
churn warning and their reasons, whether it is in the pool, its latest
moves of ownership and the check-in distance its visits are judged by."""

import datetime as dt
from typing import Any

from yeji.crm import churn, followups, pool
from yeji.crm.models import Customer
from yeji.crm.rules import keeping_settings
from yeji.org.models import Role
from yeji.org.queries import Area, User, user_employee, visible_employees

# How many moves of ownership a customer's page lists.
MOVES_SHOWN = 10


def customer_keeping(
    user: User, customer: Customer, *, today: dt.date
) -> dict[str, Any]:
    """The keeping facts of a customer the user sees, for its page.  Three
    queries: the settings, the customer's facts, its latest moves."""
    rules = keeping_settings()
    sight = visible_employees(user, area=Area.SALES)
    warning = churn.customer_warning(customer, today=today, sight=sight, rules=rules)
    employee = user_employee(user)
    return {
        "follow_up": None
        if customer.pooled_at
        else followups.follow_up_of(warning.customer, today=today, rules=rules),
        "warning": warning,
        "moves": list(pool.customer_moves(customer)[:MOVES_SHOWN]),
        "check_in_distance": rules.check_in_distance_m,
        "may_claim": customer.pooled_at is not None
        and employee is not None
        and employee.role == Role.REP
        and employee.team_id == customer.owner.team_id,
        "may_hand_over": pool.may_hand_over(user),
    }
