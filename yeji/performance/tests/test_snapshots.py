"""Kept scorecards: the same figures as computed ones, recomputed exactly
when a record they were computed from has changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from yeji.crm.models import Customer, Visit
from yeji.interchange.services import import_path
from yeji.performance import snapshots
from yeji.performance.periods import period_parse
from yeji.performance.scorecard import scorecard_as_json, scorecard_compute
from yeji.performance.snapshots import scorecard_kept
from yeji.performance.tests import factories as f
from yeji.sales.models import Order
from yeji.samples import sample

pytestmark = pytest.mark.django_db

AS_OF = "2026-12-31"


@pytest.fixture(autouse=True)
def committed():
    """Start as if every change so far were committed, with nothing decoded
    in this process: the tests commit their own changes (the on-commit
    callbacks run) to see the versions move."""
    snapshots._pending.months = set()
    snapshots._decoded.clear()
    yield
    snapshots._pending.months = set()
    snapshots._decoded.clear()


def month(label: str):
    return period_parse(label, as_of=AS_OF)


def visit_at_known_customer(employee, visited_at: str) -> Visit:
    """A visit of a customer the rep already has (a new customer would count
    in every month from its acquisition on)."""
    at = f.instant(visited_at)
    return Visit.objects.create(
        visit_no=f._no("V"),
        employee=employee,
        customer=Customer.objects.filter(owner=employee).first(),
        visited_at=at,
        visited_on=timezone.localdate(at),
        channel="phone",
    )


def visits_of(kept, employee_no: str) -> int:
    rep = next(r for r in kept.card.reps if r.employee_no == employee_no)
    return rep.metrics["visits"]


@pytest.fixture
def east(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        team = f.team("EAST")
        alice = f.rep("E-ALICE", team=team)
        bob = f.rep("E-BOB", team=team)
        f.visit(alice, "2026-07-02T10:00:00+08:00")
        f.visit(bob, "2026-08-03T10:00:00+08:00")
        f.order(alice, "2026-07-05", "120.00")
    return alice, bob


def test_a_kept_scorecard_has_every_figure_of_a_computed_one(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        report = import_path(sample("acme"))
    assert report.ok, report.errors[:3]
    snapshots._pending.months = set()
    period = period_parse("2026-Q3", as_of=AS_OF)

    first = scorecard_kept(period=period)
    snapshots._decoded.clear()  # read it back from the database
    again = scorecard_kept(period=period)
    computed = scorecard_compute(period=period)

    assert first.fresh and not again.fresh
    assert again.computed_at == first.computed_at
    assert scorecard_as_json(again.card) == scorecard_as_json(computed)
    # Down to the types: money and targets stay Decimal, rates float.
    assert repr(again.card.reps) == repr(computed.reps)
    assert repr(again.card.teams) == repr(computed.teams)


def test_a_visit_of_one_month_leaves_the_months_before_it_kept(
    east, django_capture_on_commit_callbacks
):
    _alice, bob = east
    july, august = month("2026-07"), month("2026-08")
    scorecard_kept(period=july)
    scorecard_kept(period=august)

    with django_capture_on_commit_callbacks(execute=True):
        visit_at_known_customer(bob, "2026-08-20T10:00:00+08:00")

    kept_july = scorecard_kept(period=july)
    new_august = scorecard_kept(period=august)
    assert not kept_july.fresh
    assert new_august.fresh
    assert visits_of(new_august, "E-BOB") == 2


def test_moving_an_order_to_a_later_month_recomputes_the_month_it_left(
    east, django_capture_on_commit_callbacks
):
    july = month("2026-07")
    before = scorecard_kept(period=july)
    alice = next(r for r in before.card.reps if r.employee_no == "E-ALICE")
    assert alice.metrics["revenue"] == Decimal("120.00")

    order = Order.objects.get(employee__employee_no="E-ALICE")
    order.ordered_on = dt.date(2026, 9, 1)
    with django_capture_on_commit_callbacks(execute=True):
        order.save()

    after = scorecard_kept(period=july)
    assert after.fresh
    alice = next(r for r in after.card.reps if r.employee_no == "E-ALICE")
    assert alice.metrics["order_count"] == 0


def test_a_change_of_an_employee_recomputes_every_period(
    east, django_capture_on_commit_callbacks
):
    _alice, bob = east
    july = month("2026-07")
    scorecard_kept(period=july)

    bob.name = "李娜"
    with django_capture_on_commit_callbacks(execute=True):
        bob.save()

    after = scorecard_kept(period=july)
    assert after.fresh
    assert {r.name for r in after.card.reps} >= {"李娜"}


def test_linking_a_log_in_or_an_address_to_an_employee_keeps_the_scorecards(
    east, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    _alice, bob = east
    july = month("2026-07")
    kept = scorecard_kept(period=july)

    bob.user = get_user_model().objects.create_user("bob-login")
    bob.email = "bob@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        bob.save(update_fields=["user"])
        bob.save()

    again = scorecard_kept(period=july)
    assert not again.fresh
    assert again.computed_at == kept.computed_at

    # Leaving is a change the scorecard reads.
    bob.left_on = july.end
    with django_capture_on_commit_callbacks(execute=True):
        bob.save()
    assert scorecard_kept(period=july).fresh


def test_an_import_recomputes_what_was_kept(east, django_capture_on_commit_callbacks):
    july = month("2026-07")
    assert len(scorecard_kept(period=july).card.reps) == 2

    with django_capture_on_commit_callbacks(execute=True):
        report = import_path(sample("acme"))
    assert report.ok, report.errors[:3]

    after = scorecard_kept(period=july)
    assert after.fresh
    assert len(after.card.reps) > 2


def test_within_max_age_the_running_period_is_taken_as_kept(
    east, django_capture_on_commit_callbacks
):
    _alice, bob = east
    august = month("2026-08")
    scorecard_kept(period=august)
    with django_capture_on_commit_callbacks(execute=True):
        visit_at_known_customer(bob, "2026-08-21T10:00:00+08:00")

    young = scorecard_kept(period=august, max_age=dt.timedelta(minutes=10))
    assert not young.fresh
    assert visits_of(young, "E-BOB") == 1
    strict = scorecard_kept(period=august)
    assert strict.fresh
    assert visits_of(strict, "E-BOB") == 2


def test_changes_not_yet_committed_are_seen_and_not_kept(east):
    _alice, bob = east
    august = month("2026-08")
    scorecard_kept(period=august)

    # Inside the test's transaction: the versions have not moved yet.
    visit_at_known_customer(bob, "2026-08-22T10:00:00+08:00")

    seen = scorecard_kept(period=august)
    assert seen.fresh
    assert visits_of(seen, "E-BOB") == 2
    snapshots._pending.months = set()
    # What was computed with the change pending was not kept in its place.
    assert visits_of(scorecard_kept(period=august), "E-BOB") == 1
