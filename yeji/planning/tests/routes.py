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
