"""The token check's query, composed once: the same answers as the ORM's
own, fresh from the database at every call."""

from django.contrib.auth import get_user_model

from yeji.api.services import token_authenticate, token_create
from yeji.org.models import Employee
from yeji.org.queries import user_employee


def test_a_token_brings_its_user_employee_and_team_in_one_query(
    company, django_assert_num_queries
):
    rep = company.people["rep1"]
    _token, secret = token_create(user=rep.user, name="t")
    token_authenticate(token=secret)  # notes the first use, once a minute

    with django_assert_num_queries(1):
        user = token_authenticate(token=secret)
        employee = user_employee(user)
        team = employee.team.code

    assert (user.pk, user.username) == (rep.user.pk, "rep1")
    assert employee == rep
    assert employee.name == "张伟"
    assert team == "EAST-1"
    assert employee.hired_on == rep.hired_on


def test_each_call_reads_the_database_again(company):
    rep = company.people["rep1"]
    _token, secret = token_create(user=rep.user, name="t")
    assert user_employee(token_authenticate(token=secret)).team.code == "EAST-1"

    # A transfer counts from the next request: nothing is kept between calls.
    Employee.objects.filter(pk=rep.pk).update(team=company.teams["WEST-1"])
    assert user_employee(token_authenticate(token=secret)).team.code == "WEST-1"

    get_user_model().objects.filter(pk=rep.user.pk).update(is_active=False)
    assert token_authenticate(token=secret) is None


def test_a_user_without_employee_and_an_unknown_token(db, django_assert_num_queries):
    user = get_user_model().objects.create(username="script", is_superuser=True)
    _token, secret = token_create(user=user, name="t")
    token_authenticate(token=secret)

    with django_assert_num_queries(1):
        found = token_authenticate(token=secret)
        assert user_employee(found) is None
    assert found == user

    assert token_authenticate(token=secret + "x") is None
    assert token_authenticate(token="") is None
