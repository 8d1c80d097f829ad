"""The route table: every app's ``tests/routes.py``, merged, and the named
URL patterns of the project that it must cover.

Each app that adds pages lists them in ``yeji/<app>/tests/routes.py``::

    ROUTES = {
        "crm:customer_detail": {"area": "sales", "record": "customer"},
        "crm:visit_create": {"area": "sales", "record": "customer", "method": "POST"},
    }

``area`` says whose sight applies (``sales`` and ``performance`` as in
``yeji.org.queries.Area``, ``admin`` for administrators only, ``any`` for
any logged-in user); ``record`` names the kind of record whose natural key
is the URL's only argument, or None for a page without one; ``method`` is
``GET`` unless it says ``POST``; ``hidden_from`` lists employee roles that
are refused the page although the area's sight would show it to them
(finance reads the sales records but writes none).  The route walker (``test_routes.py``), the
language test and the screenshots read this table, so a page listed here is
checked by all three.
"""

import importlib
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from yeji.org.models import Role

AREAS = frozenset({"sales", "performance", "admin", "any"})
RECORD_KINDS = frozenset(
    {
        "customer",
        "order",
        "payment",
        "visit",
        "request",
        "survey",
        "complaint",
        "task",
        "plan",
        "meeting",
        "report",
        "target",
        "assessment",
        "employee",
        "team",
        "lead",
        "opportunity",
    }
)
METHODS = frozenset({"GET", "POST"})
ENTRY_KEYS = frozenset({"area", "record", "method", "hidden_from"})

# Named patterns the table need not list: Django's own pages and the ways in
# and out, which every test of log-in covers.
# The customer's survey page (crm:survey_answer) is opened from a signed
# link without an account; crm's own tests walk it.
EXCLUDED_NAMES = frozenset({"set_language", "login", "logout", "crm:survey_answer"})
# The JSON API answers programs, not people: 401 rather than the log-in
# page, JSON bodies, a target by employee_no:period:metric.  Its routes are
# listed apart (API_ROUTES in yeji/api/tests/routes.py) and walked by role
# in yeji/api/tests/test_visibility.py.
EXCLUDED_NAMESPACES = ("admin:", "api:")


class RouteTableError(ValueError):
    """Two apps list the same route, or an entry is malformed."""


def route_modules() -> list[str]:
    """The dotted names of the ``tests.routes`` modules that exist."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("yeji."):
            continue
        name = f"{config.name}.tests.routes"
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            # An app without tests or without a table is fine; a table that
            # imports something missing is a mistake to show.
            if error.name in {name, f"{config.name}.tests"}:
                continue
            raise
        found.append(name)
    return found


def collect_routes() -> dict[str, dict[str, Any]]:
    """Every app's ROUTES merged into one dict, each entry completed with
    its method (``GET`` unless given) and checked for its form."""
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    for module_name in route_modules():
        module = importlib.import_module(module_name)
        table = getattr(module, "ROUTES", None)
        if not isinstance(table, dict):
            raise RouteTableError(f"{module_name} has no ROUTES dict")
        for name, entry in table.items():
            if name in merged:
                raise RouteTableError(
                    f"{name} is listed in both {origin[name]} and {module_name}"
                )
            problems = entry_problems(entry)
            if problems:
                raise RouteTableError(f"{module_name}: {name}: {'; '.join(problems)}")
            merged[name] = {"method": "GET", **entry}
            origin[name] = module_name
    return merged


def entry_problems(entry: object) -> list[str]:
    """What is wrong with one entry of a table (nothing, usually)."""
    if not isinstance(entry, dict):
        return ["an entry is a dict"]
    problems = []
    unknown = set(entry) - ENTRY_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if entry.get("area") not in AREAS:
        problems.append(f"area {entry.get('area')!r} is not one of {sorted(AREAS)}")
    if "record" not in entry:
        problems.append("no record (None for a page without one)")
    elif entry["record"] is not None and entry["record"] not in RECORD_KINDS:
        problems.append(f"record {entry['record']!r} is not a known kind")
    hidden_from = entry.get("hidden_from", [])
    if not isinstance(hidden_from, list) or not set(hidden_from) <= set(Role.values):
        problems.append(f"hidden_from {hidden_from!r} is not a list of roles")
    if entry.get("method", "GET") not in METHODS:
        problems.append(f"method {entry.get('method')!r} is not GET or POST")
    return problems


def _walk(patterns: list, prefix: str) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def named_patterns() -> set[str]:
    """The names of the project's URL patterns that the table must list:
    all but the admin's, the language switch, log-in and log-out (static
    files are served by unnamed patterns, if at all)."""
    return {
        name
        for name in _walk(get_resolver().url_patterns, "")
        if name not in EXCLUDED_NAMES and not name.startswith(EXCLUDED_NAMESPACES)
    }


def get_routes(routes: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entries answered by GET: the pages people look at."""
    return {name: e for name, e in routes.items() if e["method"] == "GET"}
