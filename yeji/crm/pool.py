"""The shared pool (公海): quiet customers returned to their team, claimed by
a rep of it, and a leaving rep's customers handed over in one action.

A customer in the pool keeps its last owner on record (the scorecard and
the interchange format still name one) and is marked ``pooled_at``; any rep
of that owner's team may claim it, up to the company's limit of customers a
rep may hold.  Every move of ownership leaves an ``OwnershipMove``: from
whom, to whom, why, who moved it and when.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.crm.keeping_models import MoveReason, OwnershipMove
from yeji.crm.models import Customer, Visit
from yeji.crm.rules import keeping_settings
from yeji.org.models import Employee, Role
from yeji.org.queries import Area, User, user_employee, visible_employees

logger = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The user may not move this customer (or does not see it): 404."""


# --- reads -------------------------------------------------------------


def pool_customers(user: User) -> QuerySet[Customer]:
    """The customers in the pool that the user sees: those last owned in
    their sight, and for a rep those of their own team, which they may
    claim."""
    sight = visible_employees(user, area=Area.SALES)
    pooled = Customer.objects.filter(pooled_at__isnull=False)
    employee = user_employee(user)
    scope = Q(owner__in=sight)
    if employee is not None and employee.role == Role.REP:
        scope |= Q(owner__team_id=employee.team_id)
    return pooled.filter(scope).select_related("owner", "owner__team")


def held_count(employee: Employee) -> int:
    """How many customers the employee keeps (owns, out of the pool)."""
    return Customer.objects.filter(owner=employee, pooled_at__isnull=True).count()


def customer_moves(customer: Customer) -> QuerySet[OwnershipMove]:
    """A customer's moves, newest first."""
    return customer.moves.select_related("from_employee", "to_employee", "moved_by")


# --- the return to the pool ----------------------------------------------


@dataclass(frozen=True)
class PoolReturn:
    """What a return to the pool moved, or would move (a dry run)."""

    codes: list[str]
    dry_run: bool


def pool_return(*, now: dt.datetime | None = None, dry_run: bool = False) -> PoolReturn:
    """Return to the pool every kept customer nobody has contacted for more
    than the company's ``pool_after_days``: its last visit, or, never
    visited, the day it was acquired, is that long ago.

    Meant to run daily (``yeji pool return``); running it twice on a day
    moves nothing the second time.  Two queries and two writes, whatever
    the number of customers.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = keeping_settings()
    cutoff = today - dt.timedelta(days=rules.pool_after_days)
    last_visit = (
        Visit.objects.filter(customer=OuterRef("pk"))
        .order_by("-visited_at", "-pk")
        .values("visited_on")[:1]
    )
    quiet = (
        Customer.objects.filter(pooled_at__isnull=True)
        .annotate(last_contact_on=Coalesce(Subquery(last_visit), "acquired_on"))
        .filter(last_contact_on__lt=cutoff)
        .order_by("code")
    )
    rows = list(quiet.values_list("pk", "code", "owner_id"))
    if dry_run or not rows:
        return PoolReturn([code for _pk, code, _owner in rows], dry_run)

    with transaction.atomic():
        # Only those still kept: a claim between the read and the write wins.
        moved = Customer.objects.filter(
            pk__in=[pk for pk, _code, _owner in rows], pooled_at__isnull=True
        )
        moved_ids = set(moved.values_list("pk", flat=True))
        moved.update(pooled_at=now)
        OwnershipMove.objects.bulk_create(
            OwnershipMove(
                customer_id=pk,
                from_employee_id=owner_id,
                to_employee=None,
                reason=MoveReason.POOL_RETURN,
                note=_("No contact for more than %(days)d days")
                % {"days": rules.pool_after_days},
                moved_at=now,
            )
            for pk, _code, owner_id in rows
            if pk in moved_ids
        )
    logger.info("Customers returned to the pool", extra={"count": len(moved_ids)})
    return PoolReturn([code for pk, code, _owner in rows if pk in moved_ids], False)


# --- claiming ---------------------------------------------------------------


@transaction.atomic
def pool_claim(*, user: User, customer: Customer) -> Customer:
    """Take a customer of the pool for the acting rep, who must be of its
    last owner's team and hold fewer customers than the company allows."""
    employee = user_employee(user)
    if employee is None or employee.role != Role.REP:
        raise NotAllowed
    found = (
        Customer.objects.select_for_update()
        .filter(pk=customer.pk, owner__team_id=employee.team_id)
        .first()
    )
    if found is None:
        raise NotAllowed
    if found.pooled_at is None:
        raise ValidationError(
            {"customer": _("This customer is not in the pool: someone keeps it.")}
        )
    limit = keeping_settings().pool_claim_limit
    if held_count(employee) >= limit:
        raise ValidationError(
            {
                "customer": _(
                    "You already keep %(limit)d customers, the most a rep may hold."
                )
                % {"limit": limit}
            }
        )

    previous = found.owner_id
    found.owner = employee
    found.pooled_at = None
    found.save(update_fields=["owner", "pooled_at"])
    OwnershipMove.objects.create(
        customer=found,
        from_employee_id=previous,
        to_employee=employee,
        reason=MoveReason.CLAIM,
        moved_by=user,
        moved_at=timezone.now(),
    )
    logger.info(
        "Customer claimed from the pool",
        extra={"customer": found.code, "employee_no": employee.employee_no},
    )
    return found


# --- handing over a leaver's customers ---------------------------------------


def may_hand_over(user: User) -> bool:
    """Managers, directors and administrators hand customers over."""
    if user.is_authenticated and user.is_superuser:
        return True
    employee = user_employee(user)
    return employee is not None and employee.role in {
        Role.MANAGER,
        Role.DIRECTOR,
        Role.ADMIN,
    }


def handover_candidates(user: User, leaver: Employee) -> QuerySet[Employee]:
    """The reps in the user's sight who may take the leaver's customers:
    of the leaver's team, still employed, not the leaver."""
    today = timezone.localdate()
    return (
        visible_employees(user, area=Area.SALES)
        .filter(role=Role.REP, team_id=leaver.team_id)
        .exclude(pk=leaver.pk)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .order_by("employee_no")
    )


@transaction.atomic
def customers_hand_over(
    *,
    user: User,
    leaver: Employee,
    to: Employee | None = None,
    note: str = "",
) -> list[OwnershipMove]:
    """Give every customer of ``leaver`` to ``to``, or, with ``to`` None,
    spread them over the other reps of the leaver's team, each customer to
    whoever holds fewest at that point.

    All or nothing: no customer is left with the leaver.  Customers in the
    pool move too and stay in it, so no customer names a leaver as its
    owner.  The claim limit does not stop a handover.
    """
    if not may_hand_over(user):
        raise NotAllowed
    sight = visible_employees(user, area=Area.SALES)
    if not sight.filter(pk=leaver.pk).exists():
        raise NotAllowed
    candidates = list(handover_candidates(user, leaver))
    if to is not None:
        allowed = (
            sight.filter(pk=to.pk, role=Role.REP)
            .exclude(pk=leaver.pk)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=timezone.localdate()))
        )
        if not allowed.exists():
            raise ValidationError({"to": _("Choose a rep you see who has not left.")})
        takers = [to]
    else:
        takers = candidates
    if not takers:
        raise ValidationError(
            {"to": _("Nobody in the team can take them: choose a rep.")}
        )

    customers = list(
        Customer.objects.select_for_update().filter(owner=leaver).order_by("code")
    )
    held = dict(
        Customer.objects.filter(owner__in=takers, pooled_at__isnull=True)
        .order_by()
        .values("owner_id")
        .annotate(n=Count("id"))
        .values_list("owner_id", "n")
    )
    now = timezone.now()
    moves = []
    for customer in customers:
        taker = min(takers, key=lambda e: (held.get(e.pk, 0), e.employee_no))
        held[taker.pk] = held.get(taker.pk, 0) + 1
        customer.owner = taker
        moves.append(
            OwnershipMove(
                customer=customer,
                from_employee=leaver,
                to_employee=taker,
                reason=MoveReason.HANDOVER,
                note=note.strip()[:300],
                moved_by=user,
                moved_at=now,
            )
        )
    Customer.objects.bulk_update(customers, ["owner"], batch_size=500)
    OwnershipMove.objects.bulk_create(moves, batch_size=500)
    logger.info(
        "Customers handed over",
        extra={"employee_no": leaver.employee_no, "count": len(moves)},
    )
    return moves
