"""Scorecards kept once computed, for the pages that show them again.

A home page shows a rep's rank among all the company's reps and a trend over
six months; for a company of thousands of reps, computing those scorecards
on every visit keeps the page waiting for seconds.  ``scorecard_kept``
returns a scorecard computed earlier when nothing it was computed from has
changed since, and computes (and keeps) it otherwise.

What "changed" means is counted, not guessed: every save and delete of a
record the scorecard reads moves on the version of each month its dates fall
in (an order of 2026-11-05 moves ``2026-11``), and a change that may touch
any period (an employee, a team, a target, a template, an import) moves the
version of every month (``*``).  A kept scorecard remembers the versions it
was computed under, of ``*`` and of every month up to the last day it counts
(records before a period can count in it: a rep's customer base), and is used
only while they are all the same.  So a new visit today leaves last month's
scorecards as they are, and correcting an order of last month recomputes the
months from then on.

Versions move after the change commits, so a scorecard computed while a
change was being written is found stale on the next visit rather than kept
with the change half seen; and a thread that has changed records it has not
committed yet computes afresh rather than read what is kept.

For the period running now, whose records change all day, a page may accept
a kept scorecard younger than ``max_age`` even when records changed since
(the ranks on a home page need not move with every visit logged); the
scorecard says when it was computed, and pages say it too.

The command, the API and the explanation always compute afresh.
"""

import datetime as dt
import json
import threading
import zlib
from collections import OrderedDict
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from yeji.performance.models import RecordsVersion, ScorecardSnapshot
from yeji.performance.periods import Period
from yeji.performance.scorecard import (
    RepCard,
    Scorecard,
    TeamTotals,
    scorecard_compute,
)

ALL_MONTHS = "*"

# Scorecards decoded in this process, by snapshot key: a page asking for the
# same kept scorecard again skips reading and decoding it.  Each entry is
# checked against the stored row's computed_at, so it never outlives the row.
_DECODED_LIMIT = 64
_decoded: "OrderedDict[str, tuple[dt.datetime, Scorecard]]" = OrderedDict()
_decoded_lock = threading.Lock()


@dataclass(frozen=True)
class KeptScorecard:
    card: Scorecard
    computed_at: dt.datetime
    # Whether the card was computed for this call rather than taken as kept.
    fresh: bool


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def snapshot_key(period: Period, template: str | None, team_code: str | None) -> str:
    # Only the days a period counts matter (records are filtered from start
    # to effective end), so a closed period seen on different days is one
    # scorecard.
    return "|".join(
        (
            period.label,
            period.start.isoformat(),
            period.end.isoformat(),
            period.effective_end.isoformat(),
            template or "",
            team_code or "",
        )
    )


def versions_for(period: Period) -> dict[str, int]:
    """The versions a scorecard of ``period`` depends on: every month up to
    its last counted day, and ``*``.  One query."""
    last = month_key(period.effective_end)
    rows = RecordsVersion.objects.filter(Q(key=ALL_MONTHS) | Q(key__lte=last))
    versions = {key: value for key, value in rows.values_list("key", "value")}
    versions.setdefault(ALL_MONTHS, 0)
    return versions


def scorecard_kept(
    *,
    period: Period,
    template: str | None = None,
    team_code: str | None = None,
    max_age: dt.timedelta | None = None,
) -> KeptScorecard:
    """The scorecard of ``scorecard_compute`` for these arguments, kept from
    an earlier call when none of its records changed since (or, with
    ``max_age``, when it is younger than that), computed and kept otherwise.

    Raises what ``scorecard_compute`` raises.  Two queries when the scorecard
    is kept and was decoded in this process before, three when it was not.
    """
    if _changes_pending(period):
        # This thread changed records not yet committed (or rolled back):
        # what is kept cannot show them, and what it computes now must not
        # be kept under versions that have not moved yet.
        card = scorecard_compute(period=period, template=template, team_code=team_code)
        return KeptScorecard(card=card, computed_at=timezone.now(), fresh=True)
    key = snapshot_key(period, template, team_code)
    versions = versions_for(period)
    row = (
        ScorecardSnapshot.objects.filter(key=key)
        .values("id", "versions", "computed_at")
        .first()
    )
    now = timezone.now()
    if row is not None and (
        row["versions"] == versions
        or (max_age is not None and now - row["computed_at"] <= max_age)
    ):
        card = _decoded_card(key, row, period)
        if card is not None:
            return KeptScorecard(card=card, computed_at=row["computed_at"], fresh=False)

    card = scorecard_compute(period=period, template=template, team_code=team_code)
    payload = zlib.compress(_encode(card).encode(), 1)
    ScorecardSnapshot.objects.update_or_create(
        key=key,
        defaults={"versions": versions, "computed_at": now, "payload": payload},
    )
    _remember(key, now, card)
    return KeptScorecard(card=card, computed_at=now, fresh=True)


def _decoded_card(key: str, row: dict[str, Any], period: Period) -> Scorecard | None:
    with _decoded_lock:
        entry = _decoded.get(key)
        if entry is not None and entry[0] == row["computed_at"]:
            _decoded.move_to_end(key)
            return entry[1]
    payload = (
        ScorecardSnapshot.objects.filter(id=row["id"])
        .values_list("payload", flat=True)
        .first()
    )
    if payload is None:
        # Replaced since the row was read.
        return None
    card = _decode(zlib.decompress(bytes(payload)).decode(), period)
    _remember(key, row["computed_at"], card)
    return card


def _remember(key: str, computed_at: dt.datetime, card: Scorecard) -> None:
    with _decoded_lock:
        _decoded[key] = (computed_at, card)
        _decoded.move_to_end(key)
        while len(_decoded) > _DECODED_LIMIT:
            _decoded.popitem(last=False)


# -- encoding ---------------------------------------------------------------
# JSON keeps floats and ints as they are; a Decimal (money, a target) is
# written as a string, which no other value of a card's dictionaries is, so
# it reads back as the same Decimal.

_NUMBER_DICTS = ("metrics", "metric_scores", "dimensions", "targets", "facts")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, int | float) or value is None:
        return value
    raise TypeError(f"a scorecard value of type {type(value).__name__}: {value!r}")


def _exact(value: Any) -> Any:
    return Decimal(value) if isinstance(value, str) else value


def _encode(card: Scorecard) -> str:
    reps = []
    for rep in card.reps:
        line = asdict(rep)
        for name in _NUMBER_DICTS:
            line[name] = {k: _plain(v) for k, v in line[name].items()}
        reps.append(line)
    teams = [{**asdict(t), "revenue": str(t.revenue)} for t in card.teams]
    return json.dumps(
        {"template_name": card.template_name, "reps": reps, "teams": teams},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _decode(text: str, period: Period) -> Scorecard:
    data = json.loads(text)
    reps = []
    for line in data["reps"]:
        for name in _NUMBER_DICTS:
            line[name] = {k: _exact(v) for k, v in line[name].items()}
        reps.append(RepCard(**line))
    teams = [
        TeamTotals(**{**t, "revenue": Decimal(t["revenue"])}) for t in data["teams"]
    ]
    return Scorecard(
        period=period, template_name=data["template_name"], reps=reps, teams=teams
    )


# -- counting changes -------------------------------------------------------

_pending = threading.local()


def records_changed(months: set[str] | None = None) -> None:
    """Note that records of these months (``None``: of any month) changed;
    the versions move when the current transaction commits (at once outside
    one)."""
    pending: set[str] = getattr(_pending, "months", None) or set()
    pending |= {ALL_MONTHS} if months is None else months
    _pending.months = pending
    transaction.on_commit(_move_versions)


def _changes_pending(period: Period) -> bool:
    months = getattr(_pending, "months", None)
    if not months:
        return False
    last = month_key(period.effective_end)
    return any(m == ALL_MONTHS or m <= last for m in months)


def _move_versions() -> None:
    # Several changes in one transaction leave several of these callbacks;
    # the first moves every pending month and the rest find nothing to do.
    months = getattr(_pending, "months", None)
    if not months:
        return
    _pending.months = set()
    for key in sorted(months):
        _move_version(key)


def _move_version(key: str) -> None:
    if RecordsVersion.objects.filter(key=key).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            RecordsVersion.objects.create(key=key, value=1)
    except IntegrityError:
        # Created by another process meanwhile.
        RecordsVersion.objects.filter(key=key).update(value=F("value") + 1)


def record_months(instance: models.Model) -> set[str]:
    """The months of every date of ``instance``, now and as it was loaded."""
    months = set(getattr(instance, "_yeji_loaded_months", ()))
    months |= _months_now(instance)
    return months


def _months_now(instance: models.Model) -> set[str]:
    months = set()
    loaded = instance.__dict__
    for f in instance._meta.concrete_fields:
        # A deferred field is not in __dict__; reading it would query.
        value = loaded.get(f.attname)
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            months.add(month_key(value.date()))
        elif isinstance(value, dt.date):
            months.add(month_key(value))
    return months


def remember_loaded_months(instance: models.Model) -> None:
    """Keep the months of a record's dates as loaded, so that moving an
    order to another month also moves the version of the month it left."""
    if instance.pk is not None:
        instance._yeji_loaded_months = _months_now(instance)


def watch_records() -> None:
    """Count the changes of every record the scorecard reads (called once,
    when the app is ready)."""
    from django.db.models.signals import post_delete, post_init, post_save

    from yeji.org.models import Employee, Team
    from yeji.performance.metrics import SOURCES
    from yeji.performance.models import (
        ScorecardTemplate,
        TemplateDimension,
        TemplateMetric,
    )
    from yeji.planning.models import Target

    for source in SOURCES:
        post_init.connect(_loaded, sender=source.model, weak=False)
        post_save.connect(_dated_change, sender=source.model, weak=False)
        post_delete.connect(_dated_change, sender=source.model, weak=False)
    post_init.connect(_employee_loaded, sender=Employee, weak=False)
    post_save.connect(_employee_saved, sender=Employee, weak=False)
    post_delete.connect(_any_change, sender=Employee, weak=False)
    for model in (
        Team,
        Target,
        ScorecardTemplate,
        TemplateDimension,
        TemplateMetric,
    ):
        post_save.connect(_any_change, sender=model, weak=False)
        post_delete.connect(_any_change, sender=model, weak=False)


def _loaded(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    remember_loaded_months(instance)


def _dated_change(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    records_changed(record_months(instance))
    remember_loaded_months(instance)


# What of an employee the scorecard reads: who they are, their team and
# role, and when they were employed.  Linking a log-in, an e-mail address or
# a salary changes no scorecard.
EMPLOYEE_SCORED = ("employee_no", "name", "team_id", "role", "hired_on", "left_on")


def _employee_scored(instance: models.Model) -> tuple[Any, ...] | None:
    loaded = instance.__dict__
    if any(name not in loaded for name in EMPLOYEE_SCORED):
        return None  # some deferred: unknown
    return tuple(loaded[name] for name in EMPLOYEE_SCORED)


def _employee_loaded(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if instance.pk is not None:
        instance._yeji_scored = _employee_scored(instance)


def _employee_saved(
    sender: type[models.Model], instance: models.Model, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    before = getattr(instance, "_yeji_scored", None)
    now = _employee_scored(instance)
    named = {name.removesuffix("_id") for name in EMPLOYEE_SCORED}
    unchanged = (fields is not None and not set(fields) & named) or (
        not kwargs.get("created") and before is not None and before == now
    )
    instance._yeji_scored = now
    if not unchanged:
        records_changed()


def _any_change(sender: type[models.Model], **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    records_changed()
