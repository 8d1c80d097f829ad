"""Giving, completing and reopening tasks through the pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from yeji.planning.forms import task_form_token
from yeji.planning.models import Task
from yeji.planning.tests.factories import open_task

pytestmark = pytest.mark.django_db

NEW = "/tasks/new/"


def _form_token(client) -> str:
    response = client.get(NEW)
    assert response.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def _new_task(client, **fields):
    data = {
        "title": "回访上海申通",
        "due_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "token": _form_token(client),
        **fields,
    }
    return client.post(NEW, data)


def test_rep_gives_themself_a_task(cast):
    response = _new_task(cast.client("rep1"), employee="E0001")

    assert response.status_code == 302
    assert response["Location"] == reverse("planning:task_list")
    task = Task.objects.get()
    assert task.employee == cast.people["rep1"]
    assert task.title == "回访上海申通"
    assert task.completed_on is None
    today = timezone.localdate()
    assert re.fullmatch(rf"T-{today:%Y%m%d}-[0-9A-HJKMNP-TV-Z]{{6}}", task.task_no)


def test_new_task_form_proposes_oneself(cast):
    response = cast.client("rep1").get(NEW)

    assert response.context["form"]["employee"].value() == "E0001"
    choices = [c for c, _label in response.context["form"].fields["employee"].choices]
    assert choices == ["E0001"]


def test_rep_cannot_give_a_teammate_a_task(cast):
    response = _new_task(cast.client("rep1"), employee="E0002")

    assert response.status_code == 400
    assert response.context["form"].errors["employee"]
    assert not Task.objects.exists()


def test_manager_gives_a_task_to_a_rep_of_their_team(cast):
    response = _new_task(cast.client("manager"), employee="E0002")

    assert response.status_code == 302
    assert Task.objects.get().employee == cast.people["rep2"]


def test_manager_cannot_give_a_task_to_a_rep_of_another_team(cast):
    client = cast.client("manager")
    choices = [c for c, _ in client.get(NEW).context["form"].fields["employee"].choices]

    response = _new_task(client, employee="E0003")

    assert choices == ["E0001", "E0002", "M002"]
    assert response.status_code == 400
    assert "E0003" not in choices
    assert not Task.objects.exists()


def test_a_rep_who_has_left_cannot_be_given_a_task(cast):
    rep2 = cast.people["rep2"]
    rep2.left_on = timezone.localdate() - dt.timedelta(days=1)
    rep2.save()

    response = _new_task(cast.client("manager"), employee="E0002")

    assert response.status_code == 400
    assert not Task.objects.exists()


def test_mistakes_are_shown_next_to_their_fields(cast):
    client = cast.client("rep1")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = _new_task(client, employee="E0001", title="  ", due_on=str(yesterday))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"title", "due_on"}
    html = response.content.decode()
    assert 'id="id_title-error">这个字段是必填项。</span>' in html
    assert 'id="id_due_on-error">截止日期已过。</span>' in html
    assert not Task.objects.exists()


def test_an_impossible_date_is_refused(cast):
    response = _new_task(cast.client("rep1"), employee="E0001", due_on="2026-02-30")

    assert response.status_code == 400
    assert "due_on" in response.context["form"].errors


def test_a_form_sent_twice_makes_one_task(cast):
    client = cast.client("rep1")
    data = {
        "title": "寄送样品",
        "due_on": timezone.localdate().isoformat(),
        "employee": "E0001",
        "token": _form_token(client),
    }

    first = client.post(NEW, data)
    second = client.post(NEW, data)

    assert first.status_code == second.status_code == 302
    assert Task.objects.count() == 1


def test_a_form_corrected_after_a_mistake_still_makes_one_task(cast):
    client = cast.client("rep1")
    token = _form_token(client)
    data = {"title": "", "due_on": timezone.localdate().isoformat(), "token": token}

    refused = client.post(NEW, {**data, "employee": "E0001"})
    again = re.search(r'name="token" value="([^"]+)"', refused.content.decode())[1]
    client.post(NEW, {**data, "employee": "E0001", "title": "报价", "token": again})
    client.post(NEW, {**data, "employee": "E0001", "title": "报价", "token": again})

    assert again == token
    assert Task.objects.count() == 1


def test_a_forged_or_borrowed_form_number_is_refused(cast):
    client = cast.client("rep1")
    borrowed = task_form_token(
        user_pk=cast.people["rep2"].user.pk, today=timezone.localdate()
    )

    for token in ["T-20261204-AAAAAA", borrowed]:
        response = _new_task(client, employee="E0001", token=token)
        assert response.status_code == 400
        assert "token" in response.context["form"].errors
        # The page offers a fresh number, so the next submit can succeed.
        assert response.context["token"] != token
    assert not Task.objects.exists()


@pytest.mark.parametrize("who", ["finance", "hr"])
def test_finance_and_hr_give_no_tasks(cast, who):
    client = cast.client(who)

    page = client.get(NEW)
    post = client.post(NEW, {"title": "x", "due_on": "2030-01-01", "employee": "E0001"})

    assert page.status_code == 200
    assert "form" not in page.context
    assert post.status_code == 403
    assert not Task.objects.exists()


def test_a_log_in_without_employee_gives_no_tasks(cast, stranger):
    assert stranger.post(NEW, {"title": "x"}).status_code == 403
    assert not Task.objects.exists()


def _complete(client, task_no: str, **data):
    return client.post(reverse("planning:task_complete", args=[task_no]), data)


def _reopen(client, task_no: str, **data):
    return client.post(reverse("planning:task_reopen", args=[task_no]), data)


def test_one_tap_completes_a_task_today_and_undo_reopens_it(cast):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1), title="催款")
    client = cast.client("rep1")

    done = _complete(client, task.task_no, next="/tasks/?show=open")

    assert done.status_code == 302
    assert done["Location"] == "/tasks/?show=open"
    task.refresh_from_db()
    assert task.completed_on == timezone.localdate()
    page = client.get("/tasks/").content.decode()
    assert "已完成：催款" in page
    assert reverse("planning:task_reopen", args=[task.task_no]) in page

    undone = _reopen(client, task.task_no)

    assert undone.status_code == 302
    task.refresh_from_db()
    assert task.completed_on is None


def test_completion_is_the_company_local_date(cast, monkeypatch):
    # 2026-12-06 17:30 UTC is already 2026-12-07 in Shanghai.
    moment = dt.datetime(2026, 12, 6, 17, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    task = open_task(cast.people["rep1"], dt.date(2026, 12, 7))

    _complete(cast.client("rep1"), task.task_no)

    task.refresh_from_db()
    assert task.completed_on == dt.date(2026, 12, 7)


def test_a_second_tap_keeps_the_first_completion_date(cast):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1))
    task.completed_on = dt.date(2026, 1, 2)
    task.save()

    _complete(cast.client("rep1"), task.task_no)

    task.refresh_from_db()
    assert task.completed_on == dt.date(2026, 1, 2)


def test_manager_completes_a_task_of_their_rep(cast):
    task = open_task(cast.people["rep2"], dt.date(2026, 1, 1))

    assert _complete(cast.client("manager"), task.task_no).status_code == 302
    task.refresh_from_db()
    assert task.completed_on is not None


@pytest.mark.parametrize(
    "who", ["rep2", "rep3", "west_manager", "finance", "hr"], ids=str
)
def test_a_task_out_of_sight_cannot_be_completed_or_reopened(cast, who):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1))
    client = cast.client(who)

    assert _complete(client, task.task_no).status_code == 404
    task.refresh_from_db()
    assert task.completed_on is None
    task.completed_on = dt.date(2026, 1, 1)
    task.save()
    assert _reopen(client, task.task_no).status_code == 404
    task.refresh_from_db()
    assert task.completed_on == dt.date(2026, 1, 1)


def test_a_log_in_without_employee_completes_nothing(cast, stranger):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1))

    assert _complete(stranger, task.task_no).status_code == 404
    assert _reopen(stranger, task.task_no).status_code == 404
    task.refresh_from_db()
    assert task.completed_on is None
    assert _complete(cast.client("rep1"), "T-no-such-task").status_code == 404


def test_completing_takes_a_post(cast):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1))
    url = reverse("planning:task_complete", args=[task.task_no])

    assert cast.client("rep1").get(url).status_code == 405


def test_a_foreign_next_address_is_not_followed(cast):
    task = open_task(cast.people["rep1"], dt.date(2026, 1, 1))

    response = _complete(
        cast.client("rep1"), task.task_no, next="https://evil.example/"
    )

    assert response["Location"] == reverse("planning:task_list")
