"""A scorecard template's changes: its own and those of its dimension and
metric weights, in one list, newest first.

A template is three kinds of record (the template, a row per dimension, a
row per metric), each with its own history; who changed how reps are
judged is the question, so the admin's history page of a template shows
them together.  A row deleted since is found in its history alone.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.encoding import force_str
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from yeji.audit.queries import HistoryEntry, record_history
from yeji.performance.models import ScorecardTemplate, TemplateDimension, TemplateMetric

# A template changes a few times a year: its history is read whole, up to
# this many changes per record.
MOST_CHANGES = 500

# Each weight row's history, and the field that names the row.
ROWS: tuple[tuple[type[models.Model], str], ...] = (
    (TemplateDimension, "dimension"),
    (TemplateMetric, "metric"),
)


@dataclass(frozen=True)
class TemplateChange:
    """One change of a template (``part`` None) or of one of its rows."""

    part: str | None
    entry: HistoryEntry


def template_changes(template: ScorecardTemplate) -> list[TemplateChange]:
    """Every recorded change of ``template`` and of its weight rows, past
    and present, newest first.  A few queries per row."""
    changes = [
        TemplateChange(None, entry)
        for entry in record_history(template, limit=MOST_CHANGES).entries
    ]
    for model, naming in ROWS:
        for pk, part in _rows_ever(model, naming, template.pk).items():
            page = record_history(model(pk=pk), limit=MOST_CHANGES, hidden=["template"])
            changes.extend(TemplateChange(part, entry) for entry in page.entries)
    changes.sort(key=lambda change: change.entry.at, reverse=True)
    return changes


def _rows_ever(
    model: type[models.Model], naming: str, template_id: int
) -> dict[int, str]:
    """The ids of the rows the template ever had, each with its name as
    last recorded (a metric's name, say), in the order they were made."""
    field = model._meta.get_field(naming)
    names = dict(field.flatchoices)
    kind = capfirst(force_str(model._meta.verbose_name))
    rows: dict[int, str] = {}
    history = model.history.filter(template_id=template_id)  # type: ignore[attr-defined]
    for pk, value in history.order_by("id", "history_date", "history_id").values_list(
        "id", naming
    ):
        rows[pk] = _("%(kind)s: %(name)s") % {
            "kind": kind,
            "name": force_str(names.get(value, value)),
        }
    return rows
