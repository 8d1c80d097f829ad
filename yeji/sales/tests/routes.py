# The order and payment pages, for the route walker (format in the common
# brief).  A payment belongs to its order's rep.
ROUTES = {
    "sales:order_list": {"area": "sales", "record": None},
    "sales:order_detail": {"area": "sales", "record": "order"},
    "sales:payment_list": {"area": "sales", "record": None},
}
