"""The account pages, for the route walker (yeji/tests/test_routes.py)."""

ROUTES = {
    "org:account": {"area": "any", "record": None},
    "org:language": {"area": "any", "record": None, "method": "POST"},
    "org:password_change": {"area": "any", "record": None},
}
