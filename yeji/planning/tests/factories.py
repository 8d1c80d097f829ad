"""Tasks for the planning tests, on top of the web tests' factories."""

import datetime as dt

from yeji.web.tests.factories import TaskFactory

__all__ = ["TaskFactory", "open_task"]


def open_task(employee, due_on: dt.date, **kwargs) -> object:
    """A task of ``employee`` due on ``due_on`` and not completed."""
    return TaskFactory(employee=employee, due_on=due_on, completed_on=None, **kwargs)
