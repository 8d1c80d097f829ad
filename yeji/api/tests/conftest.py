"""The API tests' cast: the web tests' company, and clients that call the
API with a personal access token of one of its people."""

import pytest
from django.test import Client

from yeji.api.services import token_create
from yeji.web.tests.conftest import (  # noqa: F401  (fixtures)
    Company,
    _fast_passwords,
    _plain_static_files,
    company,
)


class ApiClient:
    """A client that sends a person's token with every request, JSON in
    and out."""

    def __init__(self, secret: str, language: str = "en") -> None:
        self.client = Client(
            HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE=language
        )

    def get(self, path: str, **query: object):
        return self.client.get(f"/api/v1{path}", query)

    def post(self, path: str, body: object, **headers: str):
        return self.client.post(
            f"/api/v1{path}", body, content_type="application/json", headers=headers
        )

    def put(self, path: str, body: object):
        return self.client.put(f"/api/v1{path}", body, content_type="application/json")

    def patch(self, path: str, body: object):
        return self.client.patch(
            f"/api/v1{path}", body, content_type="application/json"
        )

    def delete(self, path: str, **query: str):
        suffix = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        return self.client.delete(f"/api/v1{path}{suffix}")


@pytest.fixture
def api(company: Company):  # noqa: F811
    """``api("rep1")``: an API client acting as that person of the cast."""

    def make(who: str, language: str = "en") -> ApiClient:
        _token, secret = token_create(user=company.people[who].user, name="tests")
        assert secret is not None
        return ApiClient(secret, language)

    return make
