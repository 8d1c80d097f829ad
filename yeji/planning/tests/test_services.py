"""The task services on their own: the rules they keep whatever page or
program calls them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yeji.planning.models import Task
from yeji.planning.services import task_complete, task_create, task_reopen
from yeji.planning.tests.factories import open_task

pytestmark = pytest.mark.django_db


def _user(cast, who: str):
    return cast.people[who].user


def test_task_create_draws_a_number_of_the_t_kind(cast):
    task, created = task_create(
        user=_user(cast, "manager"),
        employee=cast.people["rep2"],
        title="拜访",
        due_on=timezone.localdate(),
    )

    assert created
    assert task.task_no.startswith(f"T-{timezone.localdate():%Y%m%d}-")
    assert Task.objects.get().employee == cast.people["rep2"]


@pytest.mark.parametrize(
    ("who", "assignee"),
    [("rep1", "rep2"), ("manager", "rep3"), ("finance", "rep1"), ("hr", "rep1")],
)
def test_task_create_refuses_an_assignee_the_user_may_not_task(cast, who, assignee):
    with pytest.raises(PermissionDenied):
        task_create(
            user=_user(cast, who),
            employee=cast.people[assignee],
            title="x",
            due_on=dt.date(2030, 1, 1),
        )
    assert not Task.objects.exists()


def test_task_create_with_a_number_already_used_returns_that_task(cast):
    kwargs = {
        "user": _user(cast, "rep1"),
        "employee": cast.people["rep1"],
        "title": "报价",
        "due_on": dt.date(2030, 1, 1),
        "task_no": "T-20261204-ABCDEF",
    }

    first, created_first = task_create(**kwargs)
    second, created_second = task_create(**{**kwargs, "title": "changed"})

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert Task.objects.get().title == "报价"


def test_complete_and_reopen_refuse_a_task_out_of_sight(cast):
    task = open_task(cast.people["rep3"], dt.date(2026, 1, 1))

    with pytest.raises(Task.DoesNotExist):
        task_complete(user=_user(cast, "manager"), task_no=task.task_no)
    with pytest.raises(Task.DoesNotExist):
        task_reopen(user=_user(cast, "rep1"), task_no=task.task_no)


def test_complete_then_reopen(cast):
    task = open_task(cast.people["rep3"], dt.date(2026, 1, 1))
    user = _user(cast, "region_manager")

    assert task_complete(user=user, task_no=task.task_no).completed_on == (
        timezone.localdate()
    )
    assert task_reopen(user=user, task_no=task.task_no).completed_on is None
    task.refresh_from_db()
    assert task.completed_on is None
