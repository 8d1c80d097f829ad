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
    # The pipeline: leads belong to their rep, opportunities to their rep and
    # customer's owner.  Only a manager, director or administrator reopens a
    # closed opportunity: the reps are refused it (hidden_from).
    "crm:lead_list": {"area": "sales", "record": None},
    "crm:lead_create": {
        "area": "sales",
        "record": None,
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:lead_detail": {"area": "sales", "record": "lead"},
    "crm:lead_convert": {
        "area": "sales",
        "record": "lead",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:opportunity_list": {"area": "sales", "record": None},
    "crm:opportunity_create": {
        "area": "sales",
        "record": "customer",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:opportunity_detail": {"area": "sales", "record": "opportunity"},
    "crm:opportunity_move": {
        "area": "sales",
        "record": "opportunity",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "crm:opportunity_reopen": {
        "area": "sales",
        "record": "opportunity",
        "method": "POST",
        "hidden_from": ["finance", "rep"],
    },
    "crm:pipeline_board": {"area": "sales", "record": None},
    "crm:pipeline_funnel": {"area": "sales", "record": None},
}
