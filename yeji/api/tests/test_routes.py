"""Every URL of the API has an entry in the route walker's table."""

from django.urls import get_resolver

from yeji.api.tests.routes import API_ROUTES, ROUTES


def _names(resolver, namespace: str = "") -> set[str]:
    found = set()
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            found |= _names(pattern, inner)
        elif pattern.name:
            found.add(f"{namespace}{pattern.name}")
    return found


def test_every_api_url_is_in_the_route_table():
    names = {n for n in _names(get_resolver()) if n.startswith(("api:", "account:"))}
    assert names == set(ROUTES) | set(API_ROUTES)
