"""Customer keeping: the pool, follow-up rules, check-in distance, request
response targets, survey links and churn warnings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from yeji.crm import (
    checkin,
    churn,
    followups,
    pool,
    rules,
    satisfaction,
    service,
    services,
)
from yeji.crm.keeping_models import MoveReason, OwnershipMove
from yeji.crm.models import Customer, Survey
from yeji.crm.rules import keeping_settings, keeping_settings_update
from yeji.crm.tests import factories as f
from yeji.crm.tests.conftest import local
from yeji.org.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The services' messages, as an English user reads them."""
    with translation.override("en"):
        yield


TODAY = dt.date(2026, 9, 30)


def _set(**values) -> None:
    found = keeping_settings()
    for name, value in values.items():
        setattr(found, name, value)
    found.save()


# --- the pool ---------------------------------------------------------------


def test_a_customer_returns_to_the_pool_the_day_after_its_quiet_days(cast):
    _set(pool_after_days=30)
    rep1 = cast.people["rep1"]
    at_limit = f.CustomerFactory(code="AT", owner=rep1)
    past = f.CustomerFactory(code="PAST", owner=rep1)
    f.VisitFactory(
        employee=rep1, customer=at_limit, visited_on=TODAY - dt.timedelta(30)
    )
    f.VisitFactory(employee=rep1, customer=past, visited_on=TODAY - dt.timedelta(31))
    now = local(TODAY, 3)

    dry = pool.pool_return(now=now, dry_run=True)
    assert "PAST" in dry.codes and "AT" not in dry.codes
    assert Customer.objects.get(code="PAST").pooled_at is None

    result = pool.pool_return(now=now)

    assert "PAST" in result.codes and "AT" not in result.codes
    past.refresh_from_db()
    assert past.pooled_at == now
    assert past.owner == rep1  # the last owner stays on record
    move = OwnershipMove.objects.get(customer=past)
    assert (move.reason, move.from_employee, move.to_employee) == (
        MoveReason.POOL_RETURN,
        rep1,
        None,
    )
    # A second run the same day moves nothing more.
    assert pool.pool_return(now=now).codes == []


def test_the_pool_return_runs_from_the_command(cast, capsys):
    _set(pool_after_days=1)
    old = f.CustomerFactory(code="OLD", owner=cast.people["rep1"])
    old.acquired_on = timezone.localdate() - dt.timedelta(days=5)
    old.save()

    call_command("pool", "return")

    assert "OLD" in capsys.readouterr().out
    assert Customer.objects.get(code="OLD").pooled_at is not None


def test_a_rep_of_the_team_claims_a_pooled_customer_up_to_the_limit(cast):
    rep1, rep2, rep3 = (cast.people[k] for k in ("rep1", "rep2", "rep3"))
    pooled = f.CustomerFactory(code="POOL", owner=rep1, pooled_at=timezone.now())
    # rep3 is of another team: the customer is not theirs to claim.
    with pytest.raises(pool.NotAllowed):
        pool.pool_claim(user=rep3.user, customer=pooled)
    _set(pool_claim_limit=Customer.objects.filter(owner=rep2).count())
    with pytest.raises(ValidationError, match="most a rep may hold"):
        pool.pool_claim(user=rep2.user, customer=pooled)

    _set(pool_claim_limit=100)
    claimed = pool.pool_claim(user=rep2.user, customer=pooled)

    assert claimed.owner == rep2 and claimed.pooled_at is None
    move = OwnershipMove.objects.get(customer=pooled, reason=MoveReason.CLAIM)
    assert (move.from_employee, move.to_employee, move.moved_by) == (
        rep1,
        rep2,
        rep2.user,
    )
    with pytest.raises(ValidationError, match="not in the pool"):
        pool.pool_claim(user=rep1.user, customer=claimed)


def test_a_pooled_customer_shows_to_the_reps_of_its_team_only(cast):
    f.CustomerFactory(code="POOL", owner=cast.people["rep1"], pooled_at=timezone.now())

    def codes(who):
        return set(
            pool.pool_customers(cast.people[who].user).values_list("code", flat=True)
        )

    assert codes("rep2") == {"POOL"}
    assert codes("manager") == {"POOL"}
    assert codes("rep3") == set()
    assert codes("rep4") == set()


def test_a_leavers_customers_are_spread_over_the_team_and_none_is_left(cast):
    rep1, rep2 = cast.people["rep1"], cast.people["rep2"]
    extra = f.EmployeeFactory(team=rep1.team, role="rep", employee_no="E0009")
    f.CustomerFactory(code="C-X", owner=rep1, pooled_at=timezone.now())
    count = Customer.objects.filter(owner=rep1).count()

    moves = pool.customers_hand_over(user=cast.people["manager"].user, leaver=rep1)

    assert len(moves) == count
    assert not Customer.objects.filter(owner=rep1).exists()
    owners = set(
        Customer.objects.filter(code__in=["C-A", "C-B", "C-X"]).values_list(
            "owner__employee_no", flat=True
        )
    )
    assert owners <= {rep2.employee_no, extra.employee_no}
    assert len(owners) == 2  # spread, not all to one
    assert OwnershipMove.objects.filter(reason=MoveReason.HANDOVER).count() == count
    assert Customer.objects.get(code="C-X").pooled_at is not None


def test_a_handover_to_one_rep_and_who_may_do_it(cast):
    rep1, rep2 = cast.people["rep1"], cast.people["rep2"]
    with pytest.raises(pool.NotAllowed):
        pool.customers_hand_over(user=rep2.user, leaver=rep1, to=rep2)
    with pytest.raises(pool.NotAllowed):
        pool.customers_hand_over(
            user=cast.people["manager"].user, leaver=cast.people["rep4"]
        )
    with pytest.raises(ValidationError):
        pool.customers_hand_over(
            user=cast.people["manager"].user, leaver=rep1, to=cast.people["rep4"]
        )

    pool.customers_hand_over(user=cast.people["director"].user, leaver=rep1, to=rep2)

    assert set(
        Customer.objects.filter(code__in=["C-A", "C-B"]).values_list("owner", flat=True)
    ) == {rep2.pk}


def test_a_handover_with_nobody_to_take_them_moves_nothing(cast):
    rep3 = cast.people["rep3"]  # alone in EAST-2
    with pytest.raises(ValidationError, match="Nobody in the team"):
        pool.customers_hand_over(user=cast.people["director"].user, leaver=rep3)
    assert Customer.objects.get(code="C-C").owner == rep3


# --- follow-ups ---------------------------------------------------------------


@pytest.mark.parametrize(("level", "gap"), [("a", 14), ("b", 30), ("c", 60), ("", 60)])
def test_a_customer_is_due_its_levels_gap_after_the_last_contact(level, gap):
    rep = f.EmployeeFactory()
    customer = f.CustomerFactory(owner=rep, level=level)
    f.VisitFactory(employee=rep, customer=customer, visited_on=dt.date(2026, 9, 1))

    follow_up = followups.customer_follow_up(customer, today=TODAY)

    assert follow_up.due_on == dt.date(2026, 9, 1) + dt.timedelta(days=gap)
    assert follow_up.gap == gap


def test_the_follow_up_gaps_follow_the_companys_settings():
    _set(follow_up_days_a=7)
    rep = f.EmployeeFactory()
    customer = f.CustomerFactory(owner=rep, level="a", acquired_on=dt.date(2026, 9, 20))

    follow_up = followups.customer_follow_up(customer, today=TODAY)

    assert follow_up.due_on == dt.date(2026, 9, 27)
    assert follow_up.days_late == 3


def test_a_visits_next_follow_up_date_sets_the_due_date(cast):
    rep1 = cast.people["rep1"]
    customer = cast.customers["B"]
    visit = services.visit_log(
        user=rep1.user,
        customer=customer,
        channel="phone",
        visited_at=timezone.now() - dt.timedelta(hours=1),
        next_follow_up_on=timezone.localdate() + dt.timedelta(days=3),
    )

    today = timezone.localdate()
    follow_up = followups.customer_follow_up(customer, today=today)

    assert visit.next_follow_up_on == today + dt.timedelta(days=3)
    assert follow_up.due_on == today + dt.timedelta(days=3)


def test_the_due_list_is_earliest_first_and_leaves_out_the_pool():
    rep = f.EmployeeFactory()
    a = f.CustomerFactory(owner=rep, level="a", code="A1")
    c = f.CustomerFactory(owner=rep, level="c", code="C1")
    b = f.CustomerFactory(owner=rep, level="b", code="B1")
    pooled = f.CustomerFactory(
        owner=rep, level="a", code="P1", pooled_at=timezone.now()
    )
    # Due 2026-09-25, 2026-09-20 and 2026-10-02; B1 explicitly 2026-09-28.
    f.VisitFactory(employee=rep, customer=a, visited_on=dt.date(2026, 9, 11))
    f.VisitFactory(employee=rep, customer=c, visited_on=dt.date(2026, 7, 22))
    f.VisitFactory(
        employee=rep,
        customer=b,
        visited_on=dt.date(2026, 9, 1),
        next_follow_up_on=dt.date(2026, 9, 28),
    )
    f.VisitFactory(employee=rep, customer=pooled, visited_on=dt.date(2026, 1, 1))

    due = followups.follow_ups_due(Customer.objects.filter(owner=rep), today=TODAY)
    overdue = followups.follow_ups_due(
        Customer.objects.filter(owner=rep), today=TODAY, only_overdue=True
    )

    assert [c.code for c in due] == ["C1", "A1", "B1"]
    assert [followups.follow_up_of(c, today=TODAY).due_on for c in due] == [
        dt.date(2026, 9, 20),
        dt.date(2026, 9, 25),
        dt.date(2026, 9, 28),
    ]
    assert [c.code for c in overdue] == ["C1", "A1", "B1"]


# --- check-in ---------------------------------------------------------------


def test_haversine_distance_of_a_known_pair():
    # The Bund to People's Square, Shanghai: about 1.9 km.
    metres = checkin.distance_m(31.240018, 121.490317, 31.231706, 121.472644)
    assert Decimal("1900") < metres < Decimal("2000")
    assert checkin.distance_m(31.2, 121.4, 31.2, 121.4) == 0


def _onsite(cast, *, north_m: float, consent: bool = True):
    customer = cast.customers["A"]
    customer.latitude = Decimal("31.240000")
    customer.longitude = Decimal("121.490000")
    customer.location_source = "manual"
    customer.save()
    # One degree of latitude is about 111,195 m.
    latitude = (Decimal("31.240000") + Decimal(north_m / 111_195)).quantize(
        Decimal("0.000001")
    )
    return services.visit_log(
        user=cast.people["rep1"].user,
        customer=customer,
        channel="onsite",
        visited_at=timezone.now(),
        latitude=latitude,
        longitude=Decimal("121.490000"),
        accuracy=Decimal("10"),
        location_consent=consent,
        location_source="gps",
    )


def test_a_check_in_within_the_distance_is_at_the_customer(cast):
    _set(check_in_distance_m=200)
    visit = _onsite(cast, north_m=190)

    assert Decimal("185") < visit.distance_m < Decimal("195")
    assert checkin.at_customer(visit) is True
    assert visit.location_source == "gps"
    assert visit.checked_in_at is not None


def test_a_check_in_beyond_the_distance_is_not_at_the_customer(cast):
    _set(check_in_distance_m=200)
    visit = _onsite(cast, north_m=210)

    assert checkin.at_customer(visit) is False


def test_no_location_is_kept_without_consent(cast):
    visit = _onsite(cast, north_m=10, consent=False)

    assert (visit.latitude, visit.longitude, visit.distance_m) == (None, None, None)
    assert visit.location_source == ""
    assert checkin.at_customer(visit) is None


def test_old_locations_are_purged_and_the_verdict_stays(cast):
    _set(location_retention_days=30)
    visit = _onsite(cast, north_m=10)

    assert checkin.locations_purge(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert checkin.locations_purge(now=timezone.now() + dt.timedelta(days=31)) == 1

    visit.refresh_from_db()
    assert visit.latitude is None and visit.location_source == ""
    assert checkin.at_customer(visit) is True


# --- service requests ---------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "hours"), [("urgent", 4), ("high", 8), ("normal", 24), ("low", 72)]
)
def test_a_request_is_overdue_after_its_prioritys_target(priority, hours):
    rep = f.EmployeeFactory()
    opened = local(dt.date(2026, 9, 1), 9)
    request = f.RequestFactory(
        employee=rep, opened_at=opened, first_response_at=None, priority=priority
    )
    reps = Employee.objects.filter(pk=rep.pk)

    def late(at):
        return list(service.requests_overdue(employees=reps, now=at))

    assert service.response_due_at(request) == opened + dt.timedelta(hours=hours)
    assert late(opened + dt.timedelta(hours=hours)) == []
    assert late(opened + dt.timedelta(hours=hours, minutes=1)) == [request]


def test_an_answered_request_is_not_overdue_and_keeps_its_response_time(cast):
    request = cast.customers["A"].requests.get(request_no="R-A2")
    rep1 = cast.people["rep1"]
    later = timezone.now() + dt.timedelta(days=30)
    assert request in service.requests_overdue(
        employees=Employee.objects.filter(pk=rep1.pk), now=later
    )
    answered = services.request_answer(user=rep1.user, request=request)
    first = answered.first_response_at

    resolved = service.request_update(
        user=rep1.user,
        request=answered,
        request_type="repair",
        priority="high",
        status="resolved",
        resolution="换了零件",
    )

    assert resolved.first_response_at == first
    assert resolved.resolved_at is not None
    assert answered.status == "in_progress"
    assert request not in service.requests_overdue(
        employees=Employee.objects.filter(pk=rep1.pk), now=later
    )


def test_resolving_a_request_needs_a_resolution(cast):
    request = cast.customers["A"].requests.get(request_no="R-A2")
    with pytest.raises(ValidationError) as error:
        service.request_update(
            user=cast.people["rep1"].user,
            request=request,
            request_type="question",
            priority="normal",
            status="resolved",
        )
    assert "resolution" in error.value.message_dict


def test_settings_are_changed_by_a_director_and_refused_to_a_rep(cast):
    with pytest.raises(rules.NotAllowed):
        keeping_settings_update(user=cast.people["rep1"].user, pool_after_days=10)
    with pytest.raises(ValidationError):
        keeping_settings_update(user=cast.people["director"].user, pool_after_days=0)

    keeping_settings_update(user=cast.people["director"].user, response_hours_low=48)

    assert keeping_settings().response_hours_low == 48


# --- survey links ---------------------------------------------------------------


def test_a_survey_link_is_answered_once(cast):
    rep1 = cast.people["rep1"]
    invitation = satisfaction.survey_invitation_create(
        user=rep1.user, customer=cast.customers["B"]
    )
    token = satisfaction.survey_link_token(invitation)

    survey = satisfaction.survey_answer(token=token, satisfaction=5, recommend=10)

    assert (survey.employee, survey.customer) == (rep1, cast.customers["B"])
    assert survey.answered_on == timezone.localdate()
    with pytest.raises(satisfaction.LinkInvalid, match="already been answered"):
        satisfaction.survey_answer(token=token, satisfaction=1, recommend=0)
    assert Survey.objects.filter(customer=cast.customers["B"]).count() == 1


def test_a_survey_link_expires(cast):
    _set(survey_link_days=3)
    invitation = satisfaction.survey_invitation_create(
        user=cast.people["rep1"].user, customer=cast.customers["B"]
    )
    token = satisfaction.survey_link_token(invitation)

    satisfaction.invitation_for_token(
        token, now=timezone.now() + dt.timedelta(days=2, hours=23)
    )
    with pytest.raises(satisfaction.LinkInvalid, match="expired"):
        satisfaction.survey_answer(
            token=token,
            satisfaction=4,
            recommend=8,
            now=timezone.now() + dt.timedelta(days=3, minutes=1),
        )


def test_an_altered_survey_link_is_refused(cast):
    invitation = satisfaction.survey_invitation_create(
        user=cast.people["rep1"].user, customer=cast.customers["B"]
    )
    token = satisfaction.survey_link_token(invitation)
    with pytest.raises(satisfaction.LinkInvalid, match="not valid"):
        satisfaction.invitation_for_token(token[:-2] + "xx")


def test_a_survey_link_is_not_made_for_a_customer_out_of_sight(cast):
    with pytest.raises(satisfaction.NotAllowed):
        satisfaction.survey_invitation_create(
            user=cast.people["rep4"].user, customer=cast.customers["B"]
        )


# --- churn ---------------------------------------------------------------


def test_churn_risk_lists_its_reasons_highest_first():
    rep = f.EmployeeFactory()
    today = TODAY
    quiet = f.CustomerFactory(owner=rep, level="a", code="QUIET")
    f.VisitFactory(employee=rep, customer=quiet, visited_on=dt.date(2026, 8, 1))
    falling = f.CustomerFactory(owner=rep, level="c", code="FALL")
    f.VisitFactory(employee=rep, customer=falling, visited_on=dt.date(2026, 9, 25))
    f.OrderFactory(
        employee=rep, customer=falling, ordered_on=dt.date(2026, 5, 1), amount="1000"
    )
    f.OrderFactory(
        employee=rep, customer=falling, ordered_on=dt.date(2026, 8, 1), amount="100"
    )
    f.SurveyFactory(
        employee=rep, customer=falling, answered_on=dt.date(2026, 9, 1), satisfaction=2
    )
    f.ComplaintFactory(employee=rep, customer=falling, severity="high")
    fine = f.CustomerFactory(owner=rep, level="c", code="FINE")
    f.VisitFactory(employee=rep, customer=fine, visited_on=dt.date(2026, 9, 25))

    rows = churn.customers_at_risk(
        Customer.objects.filter(owner=rep), today=today, sight=Employee.objects.all()
    )
    warnings = [churn.warning_of(c, today=today) for c in rows]

    assert [(w.customer.code, w.risk) for w in warnings] == [
        ("FALL", churn.Risk.HIGH),
        ("QUIET", churn.Risk.MEDIUM),
    ]
    fall = warnings[0]
    assert fall.points == 2 + 2 + 1 + 1
    assert any("fell from 1,000.00 to 100.00" in r for r in fall.reasons)
    assert any("satisfaction 2 of 5" in r for r in fall.reasons)
    assert any("high severity" in r for r in fall.reasons)
    assert warnings[1].reasons == [
        "Not contacted for 60 days (due 2026-08-15, 46 days late)"
    ]


def test_churn_counts_only_records_in_sight():
    rep, other = f.EmployeeFactory(), f.EmployeeFactory()
    customer = f.CustomerFactory(owner=rep, level="c", code="X")
    f.VisitFactory(employee=rep, customer=customer, visited_on=dt.date(2026, 9, 25))
    f.ComplaintFactory(employee=other, customer=customer)

    mine = churn.customer_warning(
        customer, today=TODAY, sight=Employee.objects.filter(pk=rep.pk)
    )
    everyone = churn.customer_warning(
        customer, today=TODAY, sight=Employee.objects.all()
    )

    assert mine.risk == churn.Risk.NONE and mine.reasons == []
    assert everyone.reasons == ["A complaint not resolved"]
