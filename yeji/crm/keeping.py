"""What a customer's page shows of its keeping: when it is next due, its
churn warning and their reasons, whether it is in the pool, its latest
moves of ownership and the check-in distance its visits are judged by."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from yeji.crm import churn, followups, pool, queries
from yeji.crm.models import Customer
from yeji.crm.rules import keeping_settings
from yeji.org.models import Role, Team
from yeji.org.queries import (
    Area,
    User,
    team_subtree_ids,
    user_employee,
    visible_employees,
    visible_teams,
)

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


# The most reps whose customers one follow-up or churn list sorts at once:
# their due dates and risks are worked out for every customer before the
# first page, which for a whole company of thousands of reps takes the
# better part of a minute.  Past it, the page asks for a team or a rep.
SCOPE_REPS = 300


@dataclass(frozen=True)
class Scope:
    """The customers a follow-up or churn list covers, the reps it may be
    narrowed to, and, when it covers more than SCOPE_REPS reps, how many
    (the list is then not worked out)."""

    customers: Any
    owners: list[tuple[str, str]]
    teams: list[Team]
    too_wide: int | None
    limit: int = SCOPE_REPS


def keeping_scope(user: User, *, team: str | None, owner: str | None) -> Scope:
    """The scope of a follow-up or churn list from the query's ``team`` and
    ``owner`` codes, read before a page's form is checked so that its owner
    choices can be the chosen team's reps; the API's lists use it too."""
    teams = list(visible_teams(user, area=Area.SALES).order_by("code"))
    reps = visible_employees(user, area=Area.SALES).filter(role=Role.REP)
    customers = queries.visible_customers(user)
    chosen_team = next((t for t in teams if t.code == team), None)
    if chosen_team is not None:
        subtree = team_subtree_ids(chosen_team.pk)
        reps = reps.filter(team_id__in=subtree)
        customers = customers.filter(owner__team_id__in=subtree)
    count = reps.count()
    owners = (
        [
            (no, f"{name} ({no})")
            for no, name in reps.order_by("employee_no").values_list(
                "employee_no", "name"
            )
        ]
        if count <= SCOPE_REPS
        else []
    )
    if owner:
        # A rep of the scope, listed or not (a link may name one of
        # thousands): the list is theirs alone.
        chosen = reps.filter(employee_no=owner).values_list("employee_no", "name")
        found = chosen.first()
        if found is not None:
            if not any(no == owner for no, _name in owners):
                owners.append((found[0], f"{found[1]} ({found[0]})"))
            customers = customers.filter(owner__employee_no=owner)
            count = 1
    return Scope(
        customers=customers,
        owners=owners,
        teams=teams,
        too_wide=count if count > SCOPE_REPS else None,
        limit=SCOPE_REPS,
    )
