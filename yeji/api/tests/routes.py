# The token page, for the route walker: any logged-in user, who sees only
# their own tokens.
ROUTES = {
    "account:tokens": {"area": "any", "record": None},
}

# The API's routes, in the same form.  The route walker leaves the "api:"
# namespace out (programs get 401, not the log-in page); test_routes.py
# here checks this table against the URL patterns and test_visibility.py
# walks every kind by role.  One URL name per path; a path answers several
# methods (a kind's list: GET lists, POST creates; a record: GET, PUT,
# PATCH, DELETE), and a record outside the user's sight answers 404 to
# every one.  Employees are seen by whoever sees them in either area.
API_ROUTES = {
    "api:teams_list": {"area": "any", "record": None},
    "api:teams_bulk": {"area": "admin", "record": None, "method": "POST"},
    "api:teams_detail": {"area": "any", "record": "team"},
    "api:employees_list": {"area": "performance", "record": None},
    "api:employees_bulk": {"area": "admin", "record": None, "method": "POST"},
    "api:employees_detail": {"area": "performance", "record": "employee"},
    "api:customers_list": {"area": "sales", "record": None},
    "api:customers_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:customers_detail": {"area": "sales", "record": "customer"},
    "api:orders_list": {"area": "sales", "record": None},
    "api:orders_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:orders_detail": {"area": "sales", "record": "order"},
    "api:payments_list": {"area": "sales", "record": None},
    "api:payments_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:payments_detail": {"area": "sales", "record": "payment"},
    "api:visits_list": {"area": "sales", "record": None},
    "api:visits_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:visits_detail": {"area": "sales", "record": "visit"},
    "api:tasks_list": {"area": "sales", "record": None},
    "api:tasks_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:tasks_detail": {"area": "sales", "record": "task"},
    "api:requests_list": {"area": "sales", "record": None},
    "api:requests_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:requests_detail": {"area": "sales", "record": "request"},
    "api:surveys_list": {"area": "sales", "record": None},
    "api:surveys_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:surveys_detail": {"area": "sales", "record": "survey"},
    "api:complaints_list": {"area": "sales", "record": None},
    "api:complaints_bulk": {"area": "sales", "record": None, "method": "POST"},
    "api:complaints_detail": {"area": "sales", "record": "complaint"},
    "api:assessments_list": {"area": "performance", "record": None},
    "api:assessments_bulk": {"area": "admin", "record": None, "method": "POST"},
    "api:assessments_detail": {"area": "performance", "record": "assessment"},
    "api:targets_list": {"area": "performance", "record": None},
    "api:targets_bulk": {"area": "admin", "record": None, "method": "POST"},
    "api:targets_detail": {"area": "performance", "record": "target"},
    "api:scorecard": {"area": "performance", "record": None},
    "api:target_cascade": {"area": "performance", "record": None},
    "api:target_pace": {"area": "performance", "record": None},
    "api:team_target": {"area": "performance", "record": "team", "method": "PUT"},
    "api:target_splits": {"area": "performance", "record": None, "method": "POST"},
    "api:scorecard_explain": {"area": "performance", "record": "employee"},
    "api:api-root": {"area": "any", "record": None},
    "api:openapi-json": {"area": "any", "record": None},
    "api:openapi-view": {"area": "any", "record": None},
}
