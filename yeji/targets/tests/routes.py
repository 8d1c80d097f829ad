# The target pages, for the route walker (format in the common brief).
# Targets are performance records: a team's cascade is for those who see
# the team whole in that area, and finance sees none.
ROUTES = {
    "targets:cascade": {"area": "performance", "record": None},
    "targets:pace": {"area": "performance", "record": None},
    "targets:cascade_team": {"area": "performance", "record": "team"},
    "targets:target_set": {"area": "performance", "record": "team", "method": "POST"},
    "targets:target_split": {
        "area": "performance",
        "record": "team",
        "method": "POST",
    },
}
