"""Personal access tokens: made on the page or by `yeji token create`, shown
once, kept hashed, last use noted, revoked."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from yeji.api.models import AccessToken


def _bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_page_makes_a_token_shown_once_and_kept_hashed(company):
    client = company.client("rep1")
    page = client.get("/account/tokens/")
    form_token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode())[
        1
    ]

    made = client.post(
        "/account/tokens/",
        {"action": "create", "name": "同步脚本", "form_token": form_token},
        follow=True,
    )
    secret = re.search(r'id="fresh-token">([^<]+)<', made.content.decode())[1]
    token = AccessToken.objects.get(user=company.people["rep1"].user)
    assert token.name == "同步脚本"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.values_list())
    assert _bearer(secret).get("/api/v1/orders").status_code == 200

    # Shown once: the page after that shows it no more.
    assert secret not in client.get("/account/tokens/").content.decode()
    # A double submit of the same form makes no second token.
    client.post(
        "/account/tokens/",
        {"action": "create", "name": "同步脚本", "form_token": form_token},
    )
    assert AccessToken.objects.count() == 1


def test_a_token_without_a_name_is_refused_next_to_the_field(company):
    page = company.client("rep1").post(
        "/account/tokens/", {"action": "create", "name": "", "form_token": "x"}
    )
    assert page.status_code == 400
    assert 'class="error"' in page.content.decode()
    assert not AccessToken.objects.exists()


def test_revoked_token_opens_nothing_and_nobody_revokes_anothers(company):
    out = io.StringIO()
    call_command("token", "create", "rep1", "--name", "nightly-ledger-sync", stdout=out)
    secret = out.getvalue().strip()
    token = AccessToken.objects.get()

    other = company.client("rep2").post(
        "/account/tokens/", {"action": "revoke", "token": token.pk}
    )
    assert other.status_code == 404
    assert _bearer(secret).get("/api/v1/orders").status_code == 200

    company.client("rep1").post(
        "/account/tokens/", {"action": "revoke", "token": token.pk}
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert _bearer(secret).get("/api/v1/orders").status_code == 401
    assert (
        "nightly-ledger-sync"
        in company.client("rep1").get("/account/tokens/").content.decode()
    )
    assert (
        "nightly-ledger-sync"
        not in company.client("rep2").get("/account/tokens/").content.decode()
    )


def test_last_use_is_noted_at_most_once_a_minute(company):
    out = io.StringIO()
    call_command("token", "create", "rep1", "--name", "ci", stdout=out)
    secret = out.getvalue().strip()
    assert AccessToken.objects.get().last_used_at is None

    _bearer(secret).get("/api/v1/orders")
    first = AccessToken.objects.get().last_used_at
    assert first is not None
    _bearer(secret).get("/api/v1/orders")
    assert AccessToken.objects.get().last_used_at == first

    AccessToken.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    _bearer(secret).get("/api/v1/orders")
    assert AccessToken.objects.get().last_used_at > first - dt.timedelta(seconds=1)
    assert timezone.now() - AccessToken.objects.get().last_used_at < dt.timedelta(
        seconds=30
    )


def test_the_command_refuses_an_unknown_user(company):
    with pytest.raises(CommandError, match="no user"):
        call_command("token", "create", "nobody", "--name", "x")


def test_a_token_of_an_inactive_user_opens_nothing(company):
    out = io.StringIO()
    call_command("token", "create", "rep1", "--name", "ci", stdout=out)
    user = company.people["rep1"].user
    user.is_active = False
    user.save()
    assert _bearer(out.getvalue().strip()).get("/api/v1/orders").status_code == 401


def test_token_use_and_revocation_reach_the_security_log(company):
    from yeji.api.services import token_revoke
    from yeji.security.models import EventKind, SecurityEvent

    out = io.StringIO()
    call_command("token", "create", "rep1", "--name", "erp", stdout=out)
    secret = out.getvalue().strip()
    user = company.people["rep1"].user

    _bearer(secret).get("/api/v1/orders")
    _bearer(secret).get("/api/v1/orders")
    token_revoke(user=user, token_id=AccessToken.objects.get().pk)

    events = SecurityEvent.objects.filter(
        kind__in=[EventKind.TOKEN_USE, EventKind.TOKEN_REVOCATION]
    ).order_by("pk")
    assert [e.kind for e in events] == [EventKind.TOKEN_USE, EventKind.TOKEN_REVOCATION]
    assert {e.user_id for e in events} == {user.pk}
    assert all(secret not in str(e.detail) for e in events)
