# The customer pages' routes, for the route walker: whose sight applies and
# which record's natural key is the URL's argument.  The daily work forms
# answer GET with the form and POST with a save; both refuse, with 404, a
# customer outside the user's sight or one they may not write: finance sees
# the customers but only reads (hidden_from).
ROUTES = {
    "crm:customer_list": {"area": "sales", "record": None},
    "crm:customer_detail": {"area": "sales", "record": "customer"},
    "crm:visit_create": {
        "area": "sales",
        "record": "customer",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:request_create": {
        "area": "sales",
        "record": "customer",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:survey_create": {
        "area": "sales",
        "record": "customer",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:complaint_create": {
        "area": "sales",
        "record": "customer",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:request_answer": {
        "area": "sales",
        "record": "request",
        "method": "POST",
        "hidden_from": ["finance"],
    },
}
