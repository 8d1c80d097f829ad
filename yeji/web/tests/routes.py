"""The web app's pages, for the route walker (yeji/tests/test_routes.py)."""

ROUTES = {
    "web:home": {"area": "any", "record": None},
    "web:scorecard": {"area": "performance", "record": None},
    "web:rep": {"area": "performance", "record": "employee"},
}
