# The reminders pages, for the route walker (format in the common brief).
# Each person sees their own reminders only; the channels are for
# administrators.
ROUTES = {
    "notify:list": {"area": "any", "record": None},
    "notify:read": {"area": "any", "record": None, "method": "POST"},
    "notify:channels": {"area": "admin", "record": None},
}
