"""in_sight: a rep's own sight tested by its one id, any other as a whole,
with the same records either way."""

from yeji.crm.models import Customer
from yeji.org.models import Employee
from yeji.org.queries import Area, in_sight, visible_employees
from yeji.sales.models import Payment
from yeji.web.tests import factories as f
from yeji.web.tests.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    _plain_static_files,
    company,
)


def _codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_a_reps_sight_is_tested_by_its_id_with_the_same_records(company):  # noqa: F811
    rep1, rep3 = company.people["rep1"], company.people["rep3"]
    f.CustomerFactory(owner=rep3)
    sight = visible_employees(rep1.user, area=Area.SALES)

    direct = Customer.objects.filter(**in_sight("owner", sight))
    whole = Customer.objects.filter(owner__in=sight)

    assert "IN (SELECT" not in str(direct.query)
    assert _codes(direct) == _codes(whole)
    assert _codes(direct) == _codes(Customer.objects.filter(owner=rep1))
    assert _codes(direct)


def test_a_sight_filtered_further_or_wider_is_tested_whole(company):  # noqa: F811
    rep1 = company.people["rep1"]
    narrowed = visible_employees(rep1.user, area=Area.SALES).exclude(pk=rep1.pk)
    assert not Customer.objects.filter(**in_sight("owner", narrowed)).exists()

    manager = company.people["manager"]
    team = visible_employees(manager.user, area=Area.SALES)
    filtered = Customer.objects.filter(**in_sight("owner", team))
    assert "IN (SELECT" in str(filtered.query)
    assert _codes(filtered) == _codes(
        Customer.objects.filter(owner__in=Employee.objects.filter(team__code="EAST-1"))
    )


def test_a_path_through_other_records(company):  # noqa: F811
    rep1, rep4 = company.people["rep1"], company.people["rep4"]
    mine = f.PaymentFactory(order__employee=rep1)
    f.PaymentFactory(order__employee=rep4)
    sight = visible_employees(rep1.user, area=Area.SALES)

    found = Payment.objects.filter(**in_sight("order__employee", sight))
    assert list(found) == [mine]
