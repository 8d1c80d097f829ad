"""The performance app's reads, for views, the API and commands.

The scorecard and its explanation live in their own modules (``scorecard``,
``explain``, declared over ``metrics``); this module is the one place a view
imports them from.
"""

from yeji.performance.explain import (
    EmployeeNotOnScorecard,
    Explanation,
    MetricExplanation,
    RecordList,
    RecordRow,
    UnknownMetric,
    scorecard_explain,
)
from yeji.performance.periods import Period, PeriodError, period_parse
from yeji.performance.scorecard import (
    RepCard,
    Scorecard,
    TeamNotFound,
    TeamTotals,
    scorecard_as_json,
    scorecard_compute,
)
from yeji.performance.scoring import TemplateNotFound
from yeji.performance.template_changes import TemplateChange, template_changes

__all__ = [
    "EmployeeNotOnScorecard",
    "Explanation",
    "MetricExplanation",
    "Period",
    "PeriodError",
    "RecordList",
    "RecordRow",
    "RepCard",
    "Scorecard",
    "TeamNotFound",
    "TeamTotals",
    "TemplateChange",
    "TemplateNotFound",
    "UnknownMetric",
    "period_parse",
    "scorecard_as_json",
    "scorecard_compute",
    "scorecard_explain",
    "template_changes",
]
