"""The API's reads: lists of records in the user's sight, one record, and
the user's tokens."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yeji.api.errors import invalid, not_found, problem
from yeji.api.models import AccessToken
from yeji.api.records import (
    Access,
    as_json,
    key_filter,
    lookups,
    ref_lookup,
    rows_as_json,
    split_key,
    visible,
)
from yeji.audit.queries import record_history
from yeji.org.queries import User
from yeji.people.queries import sees_salaries

PAGE_LIMIT = 500
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class ListQuery:
    """What a list asks for: a page, an order and filters."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    filters: dict[str, str] | None = None


def _order(access: Access, sort: str | None) -> list[str]:
    spec = access.spec
    key = [ref_lookup(spec, spec.by_name[name]) for name in spec.key]
    if sort is None:
        return key
    name = sort.removeprefix("-")
    if name not in access.sorts:
        raise invalid(
            [
                problem(
                    ["query", "sort"],
                    _("cannot sort on %(name)r; sort on one of: %(names)s")
                    % {"name": name, "names": ", ".join(access.sorts)},
                )
            ]
        )
    column = spec.by_name.get(name)
    lookup = ref_lookup(spec, column) if column else name
    sign = "-" if sort.startswith("-") else ""
    # The key breaks ties, so pages never overlap.
    return [f"{sign}{lookup}", *(f"{sign}{k}" for k in key if k != lookup)]


def hidden_columns(user: User, access: Access) -> frozenset[str]:
    """The columns of a kind this user may not read: base salaries, to all
    but HR, directors and administrators (as on the people pages)."""
    if access.spec.name == "employees" and not sees_salaries(user):
        return frozenset({"base_salary"})
    return frozenset()


def record_list(user: User, access: Access, query: ListQuery) -> dict[str, Any]:
    """A page of the records of a kind in the user's sight: the page, and
    the count unless the page itself tells it (a short page that is not
    past the end: most of a rep's lists), whatever the page's length."""
    records: QuerySet[Any] = visible(user, access)
    for name, value in (query.filters or {}).items():
        records = records.filter(**{access.filters[name]: value})
    if access.date_field:
        if query.date_from:
            records = records.filter(**{f"{access.date_field}__gte": query.date_from})
        if query.date_to:
            records = records.filter(**{f"{access.date_field}__lte": query.date_to})
    records = records.order_by(*_order(access, query.sort))
    page = records[query.offset : query.offset + query.limit]
    rows = rows_as_json(access.spec, page, hidden=hidden_columns(user, access))
    short = len(rows) < query.limit and (rows or query.offset == 0)
    return {
        "count": query.offset + len(rows) if short else records.count(),
        "limit": query.limit,
        "offset": query.offset,
        "results": rows,
    }


def record_read(user: User, access: Access, key: str) -> dict[str, Any]:
    """One record named by its natural key; 404 outside the user's sight."""
    parts = split_key(access.spec, key)
    if parts is None:
        raise not_found()
    row = (
        visible(user, access)
        .filter(**key_filter(access.spec, parts))
        .values_list(*lookups(access.spec))
        .first()
    )
    if row is None:
        raise not_found()
    return as_json(access.spec, row, hidden=hidden_columns(user, access))


def is_audited(access: Access) -> bool:
    """Whether the kind keeps a history of its changes."""
    return hasattr(access.spec.model._meta, "simple_history_manager_attribute")


def record_history_read(
    user: User, access: Access, key: str, *, limit: int, offset: int
) -> dict[str, Any]:
    """A page of a record's changes, newest first; 404 outside the user's
    sight.  Fields the user may not read (base salaries) are left out."""
    parts = split_key(access.spec, key)
    if parts is None:
        raise not_found()
    record = visible(user, access).filter(**key_filter(access.spec, parts)).first()
    if record is None:
        raise not_found()
    page = record_history(
        record, offset=offset, limit=limit, hidden=hidden_columns(user, access)
    )
    return {
        "count": page.count,
        "limit": limit,
        "offset": offset,
        "results": [
            {
                "at": entry.at.isoformat(),
                "type": entry.type,
                "through": entry.channel,
                "by": entry.by,
                "before_known": entry.before_known,
                "changes": [
                    {"field": c.field, "before": c.before, "after": c.after}
                    for c in entry.changes
                ],
            }
            for entry in page.entries
        ],
    }


def user_tokens(user: AbstractBaseUser) -> QuerySet[AccessToken]:
    """The user's own tokens, newest first; nobody sees another's."""
    return AccessToken.objects.filter(user=user)
