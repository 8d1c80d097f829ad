"""The web app's routes, for the route walker (see the common brief)."""

ROUTES = {
    # The home answers every logged-in user; what it shows follows the role.
    "web:home": {"area": "any", "record": None},
    "web:scorecard": {"area": "performance", "record": None},
    "web:rep": {"area": "performance", "record": "employee"},
}
