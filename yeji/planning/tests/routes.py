# The task pages, for the route walker (format in the common brief).
# Tasks follow the sales sight, except that finance, who sees every order
# and payment, sees nobody's tasks: "hidden_from" names the roles that the
# area would let in and the page keeps out (404 on a task, an empty list).
ROUTES = {
    "planning:task_list": {"area": "sales", "record": None, "hidden_from": ["finance"]},
    "planning:task_create": {
        "area": "sales",
        "record": None,
        "hidden_from": ["finance"],
    },
    "planning:task_complete": {
        "area": "sales",
        "record": "task",
        "method": "POST",
        "hidden_from": ["finance"],
    },
    "planning:task_reopen": {
        "area": "sales",
        "record": "task",
        "method": "POST",
        "hidden_from": ["finance"],
    },
}

# Plans, meetings and work reports follow the tasks' sight, finance again
# kept out.  A plan and a report are a rep's; a meeting is a team's, seen
# by whoever sees the team's reps.
_SALES_NOT_FINANCE = {"area": "sales", "hidden_from": ["finance"]}
ROUTES.update(
    {
        "work:plan_list": {**_SALES_NOT_FINANCE, "record": None},
        "work:plan_create": {**_SALES_NOT_FINANCE, "record": None},
        "work:plan_detail": {**_SALES_NOT_FINANCE, "record": "plan"},
        "work:plan_task_add": {
            **_SALES_NOT_FINANCE,
            "record": "plan",
            "method": "POST",
        },
        "work:plan_repeat_add": {
            **_SALES_NOT_FINANCE,
            "record": "plan",
            "method": "POST",
        },
        "work:meeting_list": {**_SALES_NOT_FINANCE, "record": None},
        "work:meeting_create": {**_SALES_NOT_FINANCE, "record": None},
        "work:meeting_detail": {**_SALES_NOT_FINANCE, "record": "meeting"},
        "work:meeting_minutes": {
            **_SALES_NOT_FINANCE,
            "record": "meeting",
            "method": "POST",
        },
        "work:meeting_actions": {
            **_SALES_NOT_FINANCE,
            "record": "meeting",
            "method": "POST",
        },
        "work:report_list": {**_SALES_NOT_FINANCE, "record": None},
        "work:report_create": {**_SALES_NOT_FINANCE, "record": None},
        "work:report_missing": {**_SALES_NOT_FINANCE, "record": None},
        "work:report_detail": {**_SALES_NOT_FINANCE, "record": "report"},
        "work:report_comment": {
            **_SALES_NOT_FINANCE,
            "record": "report",
            "method": "POST",
        },
        "work:report_review": {
            **_SALES_NOT_FINANCE,
            "record": "report",
            "method": "POST",
        },
    }
)
