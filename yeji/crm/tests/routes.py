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

# Customer keeping (crm.keeping_views).  The pool lists pooled customers of
# the user's sight (and a rep's team); a claim of a customer someone keeps
# answers with a message, not 404.  Handing over is for managers and above;
# the keeping rules are read by all and changed by directors and
# administrators.  The customer's
# survey page (crm:survey_answer) needs no log-in: it is left out of the
# walker (route_table.EXCLUDED_NAMES) and tested in test_keeping_pages.py.
ROUTES.update(
    {
        "crm:follow_ups": {"area": "sales", "record": None},
        "crm:pool": {"area": "sales", "record": None},
        "crm:churn": {"area": "sales", "record": None},
        "crm:requests_overdue": {"area": "sales", "record": None},
        # Everyone of the sales area reads the rules; directors and
        # administrators change them.
        "crm:keeping_settings": {"area": "sales", "record": None},
        "crm:pool_claim": {
            "area": "sales",
            "record": "customer",
            "method": "POST",
            "hidden_from": ["finance"],
        },
        "crm:survey_link_create": {
            "area": "sales",
            "record": "customer",
            "method": "POST",
            "hidden_from": ["finance"],
        },
        "crm:request_edit": {
            "area": "sales",
            "record": "request",
            "method": "POST",
            "hidden_from": ["finance"],
        },
        "crm:complaint_handle": {
            "area": "sales",
            "record": "complaint",
            "method": "POST",
            "hidden_from": ["finance"],
        },
        "crm:handover": {
            "area": "sales",
            "record": "employee",
            "method": "POST",
            "hidden_from": ["rep", "finance"],
        },
    }
)
