"""The history an import leaves: one row per record it created or changed.

The merge writes with set-based SQL, which sends no save signal, so the
history rows that a save would make are written here the same way.  Just
before a file's merge, the keys of the staged rows that the merge will
insert or change go into a temporary table (the same comparison as the
merge's ``WHERE`` the row differs); right after it, one ``INSERT ...
SELECT`` copies those records, as they now are, into the kind's history
table.  An unchanged row gets no history, so an identical re-import adds
none.

Team targets keep their changes as the target cascade's revisions (who,
when, before and after; ``targets.TargetRevision``) rather than in a
history table, so that a change by import shows on the team's cascade page
beside the changes made there: the same temporary table then keeps each
changed row's value before the merge, and the revisions are written from
it in one statement too.

For employees the same step notes the role changes, which are security
events, and ends the log-ins of leavers (see :func:`_leavers_deactivate`).
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from yeji.audit.context import current_source
from yeji.interchange.staging import Staged, Staging
from yeji.security.models import EventKind
from yeji.security.services import logins_deactivate, security_event_record
from yeji.targets.models import RevisionHow, TargetRevision, TeamTarget

CHANGED = "yeji_stage_changed"
CREATED, CHANGED_TYPE = "+", "~"


def history_model(model: type[models.Model]) -> Any:
    """The history model of an audited model, or None."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


class ImportHistory:
    """The history of one file's merge: :meth:`mark` before it,
    :meth:`write` after it."""

    def __init__(self, stage: Staging, s: Staged, parts: tuple[Any, ...]) -> None:
        self.stage = stage
        self.s = s
        self.model = s.kind.model
        self.history = history_model(self.model)
        # Kept as the cascade's revisions rather than in a history table,
        # written by team, period and metric, so that the revisions of one
        # import list in the same order every time.
        self.revised = self.model is TeamTarget
        self.targets, self.values, self.joins, self.changeable = parts
        self.keys = stage.key_targets(s.kind)
        self.roles: list[tuple[str, str, str]] = []

    @property
    def audited(self) -> bool:
        """Whether the merge keeps the changes it makes, either way."""
        return self.history is not None or self.revised

    def mark(self, cursor: Any) -> None:
        """Note the keys of the rows the merge will create or change."""
        q = self.stage.quote
        table = q(self.model._meta.db_table)
        by_target = dict(zip(self.targets, self.values, strict=True))
        match = " AND ".join(f"t.{k} = {by_target[k]}" for k in self.keys)
        differs = (
            " OR ".join(
                f"t.{c} {self.stage.distinct} {by_target[c]}" for c in self.changeable
            )
            or "1 = 0"
        )
        keys = ", ".join(f"{by_target[k]} AS k{n}" for n, k in enumerate(self.keys))
        if self.revised:
            # A revision names the value before; NULL for a new target.
            keys += f", t.{q(self.model._meta.get_field('value').column)} AS before"
        cursor.execute(f"DROP TABLE IF EXISTS {q(CHANGED)}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {q(CHANGED)} AS "
            f"SELECT {keys}, CASE WHEN t.id IS NULL THEN 1 ELSE 0 END AS created "
            f"FROM {self.stage.table(self.s.kind)} s {self.joins} "
            f"LEFT JOIN {table} t ON {match} "
            f"WHERE t.id IS NULL OR {differs}"
        )
        if self.s.kind.name == "employees" and "role" in self.s.present:
            cursor.execute(
                f"SELECT t.employee_no, t.role, s.role "
                f"FROM {self.stage.table(self.s.kind)} s "
                f"JOIN {table} t ON t.employee_no = s.employee_no "
                f"WHERE t.role <> s.role ORDER BY t.employee_no"
            )
            self.roles = cursor.fetchall()

    def write(self, cursor: Any, *, all_created: bool = False) -> None:
        """Copy the records created or changed into the history table.

        ``all_created``: the table was empty before the merge, so every
        row in it is new and :meth:`mark` was not needed.
        """
        if self.revised:
            self._revisions_write(cursor, all_created=all_created)
            return
        q = self.stage.quote
        table = q(self.model._meta.db_table)
        history_table = q(self.history._meta.db_table)
        source = current_source()
        columns = [q(f.column) for f in self.model._meta.concrete_fields]
        when = self.history._meta.get_field("history_date").get_db_prep_value(
            timezone.now(), connection
        )
        targets = [
            *columns,
            "history_date",
            "history_type",
            "history_user_id",
            "history_channel",
            "history_username",
        ]
        params = [
            when,
            source.user.pk if source.user is not None else None,
            source.channel.value,
            source.username[:150],
        ]
        picked = ", ".join(f"t.{c}" for c in columns)
        if all_created:
            cursor.execute(
                f"INSERT INTO {history_table} ({', '.join(targets)}) "
                f"SELECT {picked}, %s, '{CREATED}', %s, %s, %s FROM {table} t",
                params,
            )
            return
        match = " AND ".join(f"t.{k} = c.k{n}" for n, k in enumerate(self.keys))
        cursor.execute(
            f"INSERT INTO {history_table} ({', '.join(targets)}) "
            f"SELECT {picked}, %s, CASE WHEN c.created = 1 THEN '{CREATED}' "
            f"ELSE '{CHANGED_TYPE}' END, %s, %s, %s "
            f"FROM {table} t JOIN {q(CHANGED)} c ON {match}",
            params,
        )
        if self.s.kind.name == "employees":
            self._roles_record(source)
            if "left_on" in self.s.present:
                self._leavers_deactivate(cursor, source)
        cursor.execute(f"DROP TABLE IF EXISTS {q(CHANGED)}")

    def _revisions_write(self, cursor: Any, *, all_created: bool) -> None:
        """One revision per team target created or changed, as a change on
        the cascade's pages leaves one, by whoever ran the import."""
        q = self.stage.quote
        meta = self.model._meta
        table = q(meta.db_table)
        source = current_source()
        when = TargetRevision._meta.get_field("changed_at").get_db_prep_value(
            timezone.now(), connection
        )
        targets = ", ".join(
            q(TargetRevision._meta.get_field(name).column)
            for name in (
                "changed_at",
                "changed_by",
                "how",
                "team",
                "period",
                "metric",
                "before",
                "after",
            )
        )
        picked = ", ".join(
            f"t.{q(meta.get_field(name).column)}"
            for name in ("team", "period", "metric")
        )
        value = f"t.{q(meta.get_field('value').column)}"
        params = [
            when,
            source.user.pk if source.user is not None else None,
            RevisionHow.IMPORT.value,
        ]
        if all_created:
            cursor.execute(
                f"INSERT INTO {q(TargetRevision._meta.db_table)} ({targets}) "
                f"SELECT %s, %s, %s, {picked}, NULL, {value} FROM {table} t "
                f"ORDER BY {picked}",
                params,
            )
            return
        match = " AND ".join(f"t.{k} = c.k{n}" for n, k in enumerate(self.keys))
        cursor.execute(
            f"INSERT INTO {q(TargetRevision._meta.db_table)} ({targets}) "
            f"SELECT %s, %s, %s, {picked}, c.before, {value} "
            f"FROM {table} t JOIN {q(CHANGED)} c ON {match} ORDER BY {picked}",
            params,
        )
        cursor.execute(f"DROP TABLE IF EXISTS {q(CHANGED)}")

    def _roles_record(self, source: Any) -> None:
        for employee_no, before, after in self.roles:
            security_event_record(
                kind=EventKind.ROLE_CHANGE,
                user=source.user,
                username=source.username,
                detail={
                    "employee_no": employee_no,
                    "before": before,
                    "after": after,
                    "through": source.channel.value,
                },
            )

    def _leavers_deactivate(self, cursor: Any, source: Any) -> None:
        """Switch off the log-ins of the employees this file made leavers
        (left before today), ending their sessions."""
        q = self.stage.quote
        users = q(get_user_model()._meta.db_table)
        today: dt.date = timezone.localdate()
        cursor.execute(
            f"SELECT u.id FROM {q(self.model._meta.db_table)} e "
            f"JOIN {q(CHANGED)} c ON c.k0 = e.employee_no "
            f"JOIN {users} u ON u.id = e.user_id "
            f"WHERE e.left_on < %s AND u.is_active",
            [
                self.model._meta.get_field("left_on").get_db_prep_value(
                    today, connection
                )
            ],
        )
        user_ids = [row[0] for row in cursor.fetchall()]
        if user_ids:
            logins_deactivate(
                user_ids=user_ids,
                by=source.user,
                by_name=source.username,
                detail={"reason": "left", "through": source.channel.value},
            )
