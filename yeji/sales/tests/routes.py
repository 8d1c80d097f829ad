# The order and payment pages, for the route walker (format in the common
# brief).  A payment belongs to its order's rep.
ROUTES = {
    "sales:order_list": {"area": "sales", "record": None},
    "sales:order_detail": {"area": "sales", "record": "order"},
    # Finance reads the orders but changes none.
    "sales:order_edit": {
        "area": "sales",
        "record": "order",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "sales:payment_list": {"area": "sales", "record": None},
}
