"""A record's history as people read it: who changed what, when, through
what, and each field's value before and after.

Callers check first that the user may see the record; this module only
reads the history of the record it is given.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.encoding import force_str

from yeji.audit.context import Channel

HISTORY_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    # created, changed or deleted
    type: str
    channel: str
    channel_label: str
    by: str
    changes: list[FieldChange]
    # False for the first change recorded of a record made before its
    # history was kept: its values before are unknown, only those after.
    before_known: bool = True


@dataclass(frozen=True)
class HistoryPage:
    entries: list[HistoryEntry]
    count: int
    offset: int
    limit: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.entries) < self.count


def tracked_fields(
    model: type[models.Model], hidden: Iterable[str] = ()
) -> list[models.Field]:
    """The fields a history shows: all but the key and ``hidden``."""
    left_out = {model._meta.pk.name, *hidden}
    return [f for f in model._meta.concrete_fields if f.name not in left_out]


def record_history(
    record: models.Model,
    *,
    offset: int = 0,
    limit: int = 20,
    hidden: Iterable[str] = (),
) -> HistoryPage:
    """A page of the changes of ``record``, newest first.

    ``hidden`` fields (a base salary the reader may not see) are left out
    of every change, and a change of nothing else is left out altogether.
    Two queries and one per kind of record referenced, whatever the
    number of changes.
    """
    manager = record._meta.simple_history_manager_attribute  # type: ignore[attr-defined]
    history = getattr(record, manager)
    fields = tracked_fields(type(record), hidden)
    names = [f.attname for f in fields]
    # A save that changed nothing the reader sees (the same values again,
    # or only a hidden field) is no change to show.
    shown = _visible_changes(history.all(), names)
    rows = history.filter(history_id__in=shown).order_by("-history_date", "-history_id")
    count = len(shown)
    # One row past the page: the state before the page's oldest change.
    page = list(
        rows.values(
            "history_date",
            "history_type",
            "history_channel",
            "history_username",
            *names,
        )[offset : offset + limit + 1]
    )
    labels = _labels(fields, page)

    entries = []
    for index, row in enumerate(page[:limit]):
        before = page[index + 1] if index + 1 < len(page) else None
        entries.append(_entry(row, before, fields, labels))
    return HistoryPage(entries=entries, count=count, offset=offset, limit=limit)


def _visible_changes(rows: Any, names: list[str]) -> list[int]:
    """The history rows that create, delete or change a field of ``names``.

    One record's history is short (a few changes a year): it is compared
    in Python, on the fields shown only.
    """
    kept: list[int] = []
    earlier: dict[str, Any] | None = None
    ordered = rows.order_by("history_date", "history_id")
    for row in ordered.values("history_id", "history_type", *names):
        if (
            earlier is None
            or row["history_type"] != "~"
            or any(row[n] != earlier[n] for n in names)
        ):
            kept.append(row["history_id"])
        earlier = row
    return kept


def _labels(
    fields: list[models.Field], rows: list[dict[str, Any]]
) -> dict[tuple[str, Any], str]:
    """The names of the records that foreign keys point to: one query per
    field that has any."""
    labels: dict[tuple[str, Any], str] = {}
    for field in fields:
        if not field.is_relation:
            continue
        ids = {row[field.attname] for row in rows if row.get(field.attname)}
        if not ids:
            continue
        related = field.related_model._default_manager.filter(pk__in=ids)
        for obj in related:
            labels[(field.attname, obj.pk)] = force_str(obj)
    return labels


def _text(field: models.Field, value: Any, labels: dict[tuple[str, Any], str]) -> Any:
    if value is None or value == "":
        return None
    if field.is_relation:
        return labels.get((field.attname, value), f"#{value}")
    if field.choices:
        return force_str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return force_str(value)


def _entry(
    row: dict[str, Any],
    before: dict[str, Any] | None,
    fields: list[models.Field],
    labels: dict[tuple[str, Any], str],
) -> HistoryEntry:
    kind = row["history_type"]
    before_known = kind != "~" or before is not None
    changes = []
    for field in fields:
        after_value = row[field.attname]
        if kind == "-":
            before_value, after_value = after_value, None
        elif kind == "+" or before is None:
            # The values as created (or as first recorded): those set.
            if after_value in (None, ""):
                continue
            before_value = None
        else:
            before_value = before[field.attname]
            if before_value == after_value:
                continue
        changes.append(
            FieldChange(
                field=field.name,
                label=force_str(field.verbose_name),
                before=_text(field, before_value, labels),
                after=_text(field, after_value, labels),
            )
        )
    channel = row["history_channel"]
    return HistoryEntry(
        at=row["history_date"],
        type=HISTORY_TYPES.get(row["history_type"], "changed"),
        channel=channel,
        channel_label=force_str(dict(Channel.choices).get(channel, channel)),
        by=row["history_username"],
        changes=changes,
        before_known=before_known,
    )
