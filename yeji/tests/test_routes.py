"""The route walker: every page of the project, asked for by every role.

Each app lists its routes in ``yeji/<app>/tests/routes.py`` (see
``route_table``).  The walker fails for a named URL pattern that no table
lists and for an entry that names no pattern; then, for each route and each
role of the cast, it asks for the route with the key of a record inside the
role's sight and of one outside it (as ``yeji.org.queries`` draws it):

- anonymous: sent to log in;
- outside sight: 404, exactly like a record that does not exist, and a
  refused POST writes nothing;
- inside sight: 200 for a GET (after any redirect), anything but 404 for a
  POST with empty data (a form error or a redirect);
- a page without a record (a list) shows nothing of the sides outside the
  role's sight: no key, no name.  A role that sees no one of the page's
  area may also be refused the page (403 or 404).
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from yeji.tests.route_table import (
    collect_routes,
    entry_problems,
    named_patterns,
    route_modules,
)
from yeji.tests.world import CAST, World, record_counts

ROUTES = collect_routes()
PATTERNS = named_patterns()


def test_route_tables_are_found_in_the_apps():
    modules = route_modules()

    assert "yeji.web.tests.routes" in modules
    assert "yeji.org.tests.routes" in modules


def test_every_named_url_pattern_has_a_route_entry():
    missing = sorted(PATTERNS - set(ROUTES))

    assert not missing, (
        "URL patterns without an entry in any yeji/<app>/tests/routes.py: "
        + ", ".join(missing)
    )


def test_every_route_entry_names_a_url_pattern():
    unknown = sorted(set(ROUTES) - PATTERNS)

    assert not unknown, "route entries that name no URL pattern: " + ", ".join(unknown)


def test_an_entry_of_the_wrong_form_is_refused():
    assert entry_problems({"area": "sales", "record": None}) == []
    assert entry_problems({"area": "everyone", "record": "invoice", "verb": "PUT"})
    assert entry_problems({"area": "sales"}) == [
        "no record (None for a page without one)"
    ]


def _request(client: Client, entry: dict[str, Any], url: str, **kwargs: Any):
    if entry["method"] == "POST":
        return client.post(url, {}, **kwargs)
    return client.get(url, **kwargs)


def _walkable(name: str) -> bool:
    """A route the walker can build a URL for (the tests above report the
    others)."""
    if name not in PATTERNS:
        return False
    entry = ROUTES[name]
    # A key may be text (a code) or a number (a target's id).
    arguments = [[]] if entry["record"] is None else [["KEY-1"], ["1"]]
    for args in arguments:
        try:
            reverse(name, args=args)
        except NoReverseMatch:
            continue
        return True
    return False


WALKED = sorted(name for name in ROUTES if _walkable(name))


def test_every_listed_route_takes_the_argument_its_entry_says():
    unreachable = sorted(set(ROUTES) & PATTERNS - set(WALKED))

    assert not unreachable, (
        "routes whose URL does not take exactly the record key their entry "
        "says (one argument, or none for record None): " + ", ".join(unreachable)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("route", WALKED)
def test_route_answers_each_role_as_its_sight_says(world: World, route, role):
    entry = ROUTES[route]
    client = world.client(role)

    if role == "anonymous":
        response = _request(client, entry, world.url(route, entry))
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login") + "?next=")
        return

    if entry["record"] is None:
        _check_page_without_record(world, client, route, entry, role)
    else:
        _check_page_of_a_record(world, client, route, entry, role)


def _check_page_of_a_record(
    world: World, client: Client, route: str, entry: dict[str, Any], role: str
) -> None:
    inside, outside = world.sight(role, entry)
    assert inside or outside

    if outside is not None:
        before = record_counts()
        response = _request(client, entry, world.url(route, entry, outside))
        assert response.status_code == 404, (
            f"{entry['record']} {world.key(entry['record'], outside)} is outside "
            f"the sight of {role} but answers {response.status_code}"
        )
        assert record_counts() == before, "a refused request wrote records"

    if inside is not None:
        url = world.url(route, entry, inside)
        if entry["method"] == "POST":
            response = _request(client, entry, url)
            assert response.status_code != 404, f"{url} is in sight of {role}"
            assert response.status_code < 500
        else:
            response = _request(client, entry, url, follow=True)
            assert response.status_code == 200, (
                f"{url} is in sight of {role} but answers {response.status_code}"
            )
            _assert_not_at_log_in(response)


def _check_page_without_record(
    world: World, client: Client, route: str, entry: dict[str, Any], role: str
) -> None:
    inside, _outside = world.sight(role, entry)
    url = world.url(route, entry)
    before = record_counts()

    if entry["method"] == "POST":
        response = _request(client, entry, url)
        if inside is None:
            refusals = {404} if entry["area"] == "admin" else {403, 404}
            assert response.status_code in refusals, response.status_code
            assert record_counts() == before, "a refused request wrote records"
        else:
            assert response.status_code != 404
            assert response.status_code < 500
        return

    response = _request(client, entry, url, follow=True)
    if entry["area"] == "admin" and inside is None:
        assert response.status_code == 404, (
            f"{url} is for administrators, but {role} gets {response.status_code}"
        )
    elif inside is None:
        # A role that sees no one of the area: an empty page, or refused.
        assert response.status_code in {200, 403, 404}, response.status_code
    else:
        assert response.status_code == 200, (
            f"{url} answers {role} with {response.status_code}"
        )
        _assert_not_at_log_in(response)

    shown = response.content.decode()
    leaked = [m for m in world.outside_marks(role, entry) if m in shown]
    assert not leaked, f"{url} shows {role} what is outside their sight: {leaked}"


def _assert_not_at_log_in(response) -> None:
    final = response.redirect_chain[-1][0] if response.redirect_chain else ""
    assert not final.startswith(reverse("login")), f"sent to log in: {final}"


# The walker's own checks, shown to fail pages that break the rule.

LEAKY = "yeji.tests.leaky_urls"
CUSTOMER_PAGE = {"area": "sales", "record": "customer", "method": "GET"}


@pytest.mark.django_db
def test_walker_fails_a_page_that_shows_a_record_outside_sight(world, settings):
    settings.ROOT_URLCONF = LEAKY

    with pytest.raises(AssertionError, match="outside the sight of rep"):
        _check_page_of_a_record(
            world, world.client("rep"), "customer_for_anyone", CUSTOMER_PAGE, "rep"
        )
    _check_page_of_a_record(
        world, world.client("rep"), "customer_in_sight", CUSTOMER_PAGE, "rep"
    )


@pytest.mark.django_db
def test_walker_fails_a_list_that_shows_a_record_outside_sight(world, settings):
    settings.ROOT_URLCONF = LEAKY
    entry = {"area": "sales", "record": None, "method": "GET"}

    with pytest.raises(AssertionError, match="CUS-BRAVO"):
        _check_page_without_record(
            world, world.client("manager"), "every_customer", entry, "manager"
        )
    # The director sees both sides: nothing is outside, nothing leaks.
    _check_page_without_record(
        world, world.client("director"), "every_customer", entry, "director"
    )


@pytest.mark.django_db
def test_walker_fails_a_refused_post_that_wrote_a_record(world, settings):
    settings.ROOT_URLCONF = LEAKY
    entry = {"area": "sales", "record": "customer", "method": "POST"}

    with pytest.raises(AssertionError, match="wrote records"):
        _check_page_of_a_record(
            world, world.client("rep"), "task_written_then_refused", entry, "rep"
        )
