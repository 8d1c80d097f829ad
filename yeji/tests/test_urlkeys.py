"""Records' pages are named by their natural keys, whatever text a company
wrote them in: slashes, tildes, dots and names that pages also have."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import given
from hypothesis import strategies as st

from yeji.api.services import token_create
from yeji.urlkeys import PAGE_NAMES, key_from_url, key_to_url
from yeji.web.tests import factories as f
from yeji.web.tests.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    _plain_static_files,
    company,
)


@given(st.text(min_size=1, max_size=32))
def test_any_key_is_one_segment_and_reads_back(key):
    segment = key_to_url(key)

    assert "/" not in segment
    assert segment not in PAGE_NAMES
    assert segment.strip(".")
    assert key_from_url(segment) == key


@pytest.mark.parametrize("key", ["C00000042", "SO-2026-07", "客户001", "A B", "a.b"])
def test_a_usual_key_is_written_as_it_is(key):
    assert key_to_url(key) == key


def test_slashes_tildes_dots_and_page_names_are_escaped():
    assert key_to_url("HT/2026/001") == "HT~2F2026~2F001"
    assert key_to_url("A~1") == "A~7E1"
    assert key_to_url("..") == "~2E."
    assert key_to_url("pool") == "~70ool"


def _segments(patterns, prefix=()):
    """Every URL pattern as its segments, a key's as None."""
    for pattern in patterns:
        route = str(pattern.pattern)
        parts = tuple(
            None if part.startswith("<key:") else part
            for part in route.strip("^$/").split("/")
            if part
        )
        if isinstance(pattern, URLResolver):
            yield from _segments(pattern.url_patterns, prefix + parts)
        elif isinstance(pattern, URLPattern):
            yield prefix + parts


def test_every_page_name_beside_a_key_is_escaped():
    """A page whose name stands where a key stands in another address
    (``customers/pool/`` beside ``customers/<code>/``) is in PAGE_NAMES, so
    a record with that key still has its own page."""
    routes = [r for r in _segments(get_resolver().url_patterns) if "admin" not in r]
    beside = set()
    for route in routes:
        for index, part in enumerate(route):
            if part is not None:
                continue
            for other in routes:
                if len(other) > index and other[:index] == route[:index]:
                    if other[index] is not None and not re.search(
                        r"[<(^]", other[index]
                    ):
                        beside.add(other[index])
    assert beside
    assert beside <= PAGE_NAMES, beside - PAGE_NAMES


@pytest.mark.django_db
def test_records_keyed_with_slashes_and_page_names_have_their_pages(company, client):  # noqa: F811
    rep = company.people["rep1"]
    slashed = f.CustomerFactory(code="华东/001", owner=rep, name="斜杠客户")
    named = f.CustomerFactory(code="pool", owner=rep, name="公海同名客户")
    order = f.OrderFactory(order_no="HT/2026/001", employee=rep, customer=slashed)
    client.force_login(rep.user)

    listed = client.get(reverse("crm:customer_list"))
    assert listed.status_code == 200
    for customer in (slashed, named):
        url = reverse("crm:customer_detail", args=[customer.code])
        assert url in listed.content.decode()
        page = client.get(url)
        assert page.status_code == 200
        assert customer.name in page.content.decode()
    # The pool page is still the pool.
    pool = client.get("/customers/pool/")
    assert pool.status_code == 200 and "公海同名客户" not in pool.content.decode()

    orders = client.get(reverse("sales:order_list"))
    url = reverse("sales:order_detail", args=[order.order_no])
    assert url == "/orders/HT~2F2026~2F001/" and url in orders.content.decode()
    assert client.get(url).status_code == 200

    # The API reads the same escapes.
    _token, secret = token_create(user=rep.user, name="t")
    read = client.get(
        "/api/v1/orders/HT~2F2026~2F001", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert read.status_code == 200
    assert read.json()["order_no"] == "HT/2026/001"
