ROUTES = {
    "interchange:import": {"area": "admin", "record": None},
    "interchange:import_confirm": {"area": "admin", "record": None, "method": "POST"},
    "interchange:import_cancel": {"area": "admin", "record": None, "method": "POST"},
    "interchange:import_done": {"area": "admin", "record": None},
}
