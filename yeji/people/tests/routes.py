ROUTES = {
    "people:list": {"area": "performance", "record": None},
    "people:person": {"area": "performance", "record": "employee"},
}
