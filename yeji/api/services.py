"""The API's writes: personal access tokens, and records created, changed and
deleted through it, one at a time or up to 1,000 in one call.

Every record write checks, in this order: that the record exists within the
user's sight (else 404, as if it did not exist), that the user may change
records of its kind (else 403: finance reads sales records, and changes
none), the version it was based on (else 409), and its values by the
import's rules (else 422).  A write either happens whole or not at all.
"""

import datetime as dt
import hashlib
import json
import logging
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.api.compiled import CompiledQuery
from yeji.api.errors import ApiError, Loc, conflict, forbidden, invalid, not_found
from yeji.api.errors import problem as make_problem
from yeji.api.models import AccessToken, IdempotentCreate
from yeji.api.records import (
    Access,
    References,
    apply,
    as_json,
    key_filter,
    lookups,
    may_write_kind,
    one_as_json,
    parse,
    resolve,
    split_key,
    visible,
)
from yeji.interchange.values import InvalidValue
from yeji.numbering import new_key
from yeji.org.queries import User, team_subtree_ids
from yeji.security.models import EventKind
from yeji.security.services import security_event_record

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "yeji_"
# A token's last use is written at most this often, so a script calling
# the API in a loop does not write a row per call.
LAST_USED_EVERY = dt.timedelta(minutes=1)
BULK_LIMIT = 1_000
# As long as IdempotentCreate.key holds.
IDEMPOTENCY_KEY_LENGTH = 200


# -- tokens ---------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(
    *, user: AbstractBaseUser, name: str, form_token: str | None = None
) -> tuple[AccessToken, str | None]:
    """Make a personal access token for ``user``; return it and its secret.

    The secret exists only in the return value: the database keeps its
    digest.  A second call with the same ``form_token`` (a double submit of
    the page) makes nothing and returns the first token without a secret.
    """
    with transaction.atomic():
        if form_token:
            earlier = AccessToken.objects.filter(form_token=form_token).first()
            if earlier is not None:
                return earlier, None
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = AccessToken.objects.create(
            user=user,
            name=name,
            digest=_digest(secret),
            prefix=secret[: len(TOKEN_PREFIX) + 4],
            form_token=form_token or None,
        )
    logger.info("Access token %s made", token.pk, extra={"user": user.pk})
    return token, secret


def token_revoke(*, user: AbstractBaseUser, token_id: int) -> AccessToken:
    """Revoke one of the user's own tokens; from then on it opens nothing.

    Raises AccessToken.DoesNotExist for a token that is not the user's.
    """
    with transaction.atomic():
        token = AccessToken.objects.select_for_update().get(pk=token_id, user=user)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            security_event_record(
                kind=EventKind.TOKEN_REVOCATION,
                user=user,
                detail={"token": token.prefix, "name": token.name},
            )
    logger.info("Access token %s revoked", token.pk, extra={"user": user.pk})
    return token


# A live token by its digest, with its user and the user's employee and
# team: the visibility rules ask for them next (org.queries.user_employee),
# and then ask no query.  Every API request asks it, so it is composed once.
_live_token = CompiledQuery(
    lambda digest: AccessToken.objects.select_related("user__employee__team").filter(
        digest=digest, revoked_at__isnull=True
    )
)


def token_authenticate(*, token: str) -> AbstractBaseUser | None:
    """The active user a token acts as, or None; notes when it was used."""
    found = _live_token.first(_digest(token))
    if found is None or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at >= LAST_USED_EVERY:
        # A conditional update: two requests in the same minute write once,
        # and the security log notes a token's use as often as that.
        noted = (
            AccessToken.objects.filter(pk=found.pk)
            .filter(
                Q(last_used_at__isnull=True)
                | Q(last_used_at__lte=now - LAST_USED_EVERY)
            )
            .update(last_used_at=now)
        )
        if noted:
            security_event_record(
                kind=EventKind.TOKEN_USE,
                user=found.user,
                detail={"token": found.prefix, "name": found.name},
            )
    return found.user


# -- one record -----------------------------------------------------------


def _locked(user: User, access: Access, key: str) -> Any:
    """The record a URL names, locked for the rest of the transaction."""
    parts = split_key(access.spec, key)
    if parts is None:
        raise not_found()
    record = (
        visible(user, access)
        .filter(**key_filter(access.spec, parts))
        .select_for_update(of=("self",))
        .first()
    )
    if record is None:
        raise not_found()
    return record


def _key_of(access: Access, values: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(values[name]) for name in access.spec.key)


def _exists(access: Access, key: tuple[str, ...]) -> bool:
    return access.spec.model.objects.filter(**key_filter(access.spec, key)).exists()


def _check_tree(access: Access, instance: Any, loc: Loc) -> list[dict[str, Any]]:
    # The import refuses a team tree with a cycle; so does the API.
    if access.kind != "teams" or instance.pk is None or instance.parent_id is None:
        return []
    if instance.parent_id in team_subtree_ids(instance.pk):
        return [make_problem([*loc, "parent_code"], _("the team tree has a cycle"))]
    return []


def _check_version(data: dict[str, Any], current: dict[str, Any], loc: Loc) -> None:
    sent = data.get("version")
    if sent in (None, ""):
        raise invalid([make_problem([*loc, "version"], _("a value is required"))])
    if sent != current["version"]:
        raise conflict(
            [*loc, "version"],
            _(
                "the record has changed since version %(sent)s; read it again "
                "(it is now version %(now)s)"
            )
            % {"sent": sent, "now": current["version"]},
        )


def _key_part(access: Access, name: str, raw: Any) -> str:
    """A key's part as stored: ``2026-q3`` names the period ``2026-Q3``.
    A part that does not parse is left as sent; the checks report it."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return ""
    try:
        return str(access.spec.by_name[name].type.parse(text))
    except InvalidValue:
        return text


def _fill_key(access: Access, data: dict[str, Any]) -> dict[str, Any]:
    """The body with a new key for a record sent without one, where the
    kind makes its own keys."""
    data = dict(data)
    name = access.spec.key[0]
    if access.letter and len(access.spec.key) == 1 and data.get(name) in (None, ""):
        data[name] = new_key(access.letter)
    return data


class _Refused(Exception):
    """A kind's own check refused a record of a bulk call after its save."""


def _after_save(
    user: User, access: Access, instance: Any, before: dict[str, Any] | None
) -> None:
    if access.after_save is None:
        return
    refused = access.after_save(user, instance, before)
    if refused:
        raise invalid(refused)


def _create(user: User, access: Access, data: dict[str, Any]) -> dict[str, Any]:
    spec = access.spec
    data = _fill_key(access, data)
    parsed = parse(spec, data, loc=["body"])
    fields = resolve(spec, parsed, References(user, access), loc=["body"])
    if parsed.problems:
        raise invalid(parsed.problems)
    key = _key_of(access, parsed.values)
    # A key taken by a record outside the user's sight answers the same.
    if _exists(access, key):
        raise conflict(
            ["body", spec.key[-1]],
            _("a record with the key %(key)s exists already")
            % {"key": " / ".join(key)},
        )
    instance = spec.model(**fields)
    try:
        with transaction.atomic():
            instance.save()
            _after_save(user, access, instance, None)
    except IntegrityError:
        raise conflict(
            ["body", spec.key[-1]],
            _("a record with the key %(key)s exists already")
            % {"key": " / ".join(key)},
        ) from None
    return one_as_json(spec, instance.pk)


def _fingerprint(access: Access, data: dict[str, Any]) -> str:
    text = json.dumps([access.kind, data], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def record_create(
    *,
    user: User,
    access: Access,
    data: dict[str, Any],
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    """Create one record; return it as JSON.

    With an ``idempotency_key`` a repeat of the same request (by the same
    user) creates nothing and returns the record the first one made; the
    same key with another body is refused with 409.
    """
    if not may_write_kind(user, access):
        raise forbidden()
    if idempotency_key and len(idempotency_key) > IDEMPOTENCY_KEY_LENGTH:
        raise invalid(
            [
                make_problem(
                    ["header", "Idempotency-Key"],
                    _("longer than %(max)d characters")
                    % {"max": IDEMPOTENCY_KEY_LENGTH},
                )
            ]
        )
    with transaction.atomic():
        claim = None
        if idempotency_key:
            fingerprint = _fingerprint(access, data)
            try:
                # The unique (user, key) makes a concurrent repeat wait
                # here until the first commits, then find its answer.
                with transaction.atomic():
                    claim = IdempotentCreate.objects.create(
                        user=user, key=idempotency_key, fingerprint=fingerprint
                    )
            except IntegrityError:
                stored = IdempotentCreate.objects.get(user=user, key=idempotency_key)
                if stored.fingerprint != fingerprint:
                    raise conflict(
                        ["header", "Idempotency-Key"],
                        _("this Idempotency-Key was used for another request"),
                    ) from None
                return stored.body
        record = _create(user, access, data)
        if claim is not None:
            claim.status = 201
            claim.body = record
            claim.save(update_fields=["status", "body"])
    logger.info("API created %s %s", access.kind, record.get(access.spec.key[0]))
    return record


def record_update(
    *,
    user: User,
    access: Access,
    key: str,
    data: dict[str, Any],
    partial: bool,
) -> dict[str, Any]:
    """Change one record; return it as JSON.

    ``data`` must carry the ``version`` the change was based on.  A partial
    update keeps the fields it leaves out; a full one empties them.
    """
    spec = access.spec
    with transaction.atomic():
        instance = _locked(user, access, key)
        if not may_write_kind(user, access):
            raise forbidden()
        current = one_as_json(spec, instance.pk)
        _check_version(data, current, ["body"])

        for name in spec.key:
            sent = data.get(name)
            if sent not in (None, "") and str(sent).strip() != current[name]:
                raise invalid(
                    [make_problem(["body", name], _("the key cannot be changed"))]
                )
        data = {**data, **{name: current[name] for name in spec.key}}
        parsed = parse(spec, data, loc=["body"], base=current if partial else None)
        fields = resolve(spec, parsed, References(user, access), loc=["body"])
        apply(instance, fields)
        parsed.problems.extend(_check_tree(access, instance, ["body"]))
        if parsed.problems:
            raise invalid(parsed.problems)
        instance.save()
        _after_save(user, access, instance, current)
        record = one_as_json(spec, instance.pk)
    logger.info("API updated %s %s", access.kind, key)
    return record


def record_delete(
    *, user: User, access: Access, key: str, version: str | None = None
) -> None:
    """Delete one record; with ``version``, only if it is still that one.

    A record other records name (a customer with orders) is kept: 409.
    """
    spec = access.spec
    with transaction.atomic():
        instance = _locked(user, access, key)
        if not may_write_kind(user, access):
            raise forbidden()
        if version:
            _check_version({"version": version}, one_as_json(spec, instance.pk), [])
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, IntegrityError):
            raise conflict(
                ["path", "key"], _("other records name this one; it is kept")
            ) from None
    logger.info("API deleted %s %s", access.kind, key)


# -- many records ---------------------------------------------------------


def records_bulk(*, user: User, access: Access, items: list[Any]) -> dict[str, Any]:
    """Create or update up to 1,000 records in one transaction.

    A record whose key exists is updated (the fields it leaves out keep
    their values; a ``version`` it carries must be current), any other is
    created.  Every record is checked and every problem reported, each
    under its position in ``records``; with any problem nothing is written.
    A call that names a record outside the user's sight is refused whole,
    with 404, and changes nothing.
    """
    spec = access.spec
    if not may_write_kind(user, access):
        raise forbidden()
    if not isinstance(items, list) or not items:
        raise invalid([make_problem(["body", "records"], _("a value is required"))])
    if len(items) > BULK_LIMIT:
        raise invalid(
            [
                make_problem(
                    ["body", "records"],
                    _("at most %(limit)d records in one call") % {"limit": BULK_LIMIT},
                )
            ]
        )

    problems: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    bodies: list[dict[str, Any] | None] = []
    keys: list[tuple[str, ...] | None] = []
    seen: dict[tuple[str, ...], int] = {}
    for index, item in enumerate(items):
        loc: Loc = ["body", "records", index]
        if not isinstance(item, dict):
            problems.append(make_problem(loc, _("a record must be an object")))
            bodies.append(None)
            keys.append(None)
            continue
        body = _fill_key(access, item)
        key = tuple(_key_part(access, name, body.get(name)) for name in spec.key)
        bodies.append(body)
        if not all(key):
            keys.append(None)
            continue
        if key in seen:
            problems.append(
                make_problem(
                    [*loc, spec.key[-1]],
                    _("duplicate key %(key)s, also in record %(index)d")
                    % {"key": " / ".join(key), "index": seen[key]},
                )
            )
            keys.append(None)
            continue
        seen[key] = index
        keys.append(key)

    with transaction.atomic():
        # The stored records the call names, all of them and those in sight.
        named = Q()
        for key in seen:
            named |= Q(**key_filter(spec, key))
        stored: dict[tuple[str, ...], dict[str, Any]] = {}
        pks: dict[tuple[str, ...], int] = {}
        if seen:
            rows = (
                spec.model.objects.filter(named)
                .select_for_update(of=("self",))
                .values_list("pk", *lookups(spec))
            )
            for pk, *values in rows:
                record = as_json(spec, values)
                stored[_key_of(access, record)] = record
                pks[_key_of(access, record)] = pk
        in_sight = set(
            visible(user, access)
            .filter(pk__in=list(pks.values()))
            .values_list("pk", flat=True)
        )
        hidden = [
            make_problem(["body", "records", seen[key]], _("Not found."))
            for key, pk in pks.items()
            if pk not in in_sight
        ]
        if hidden:
            raise ApiError(404, sorted(hidden, key=lambda p: p["loc"][2]))

        refs = References(user, access)
        for column in spec.columns:
            if column.ref:
                refs.prefetch(
                    column,
                    (
                        str(b[column.name]).strip()
                        for b in bodies
                        if b is not None and b.get(column.name) not in (None, "")
                    ),
                )
        instances = {
            obj.pk: obj for obj in spec.model.objects.filter(pk__in=list(pks.values()))
        }
        created = updated = unchanged = 0
        done: list[int] = []
        for index, (body, key) in enumerate(zip(bodies, keys, strict=True)):
            if body is None:
                continue
            loc = ["body", "records", index]
            current = stored.get(key) if key else None
            if current is not None:
                sent = body.get("version")
                if sent not in (None, "") and sent != current["version"]:
                    conflicts.append(
                        make_problem(
                            [*loc, "version"],
                            _("the record has changed since version %(sent)s")
                            % {"sent": sent},
                        )
                    )
                    continue
            parsed = parse(spec, body, loc=loc, base=current)
            fields = resolve(spec, parsed, refs, loc=loc)
            if current is None:
                instance = spec.model(**fields)
            else:
                instance = instances[pks[key]]
                apply(instance, fields)
            parsed.problems.extend(_check_tree(access, instance, loc))
            if parsed.problems:
                problems.extend(parsed.problems)
                continue
            if problems or conflicts:
                # Nothing will be written; the rest is only checked.
                continue
            if (
                current is not None
                and as_json(spec, [parsed.values[c.name] for c in spec.columns])[
                    "version"
                ]
                == current["version"]
            ):
                unchanged += 1
                done.append(instance.pk)
                continue
            try:
                with transaction.atomic():
                    instance.save()
                    refused = (
                        access.after_save(user, instance, current)
                        if access.after_save
                        else []
                    )
                    if refused:
                        problems.extend(
                            {**p, "loc": [*loc, *p["loc"][1:]]} for p in refused
                        )
                        raise _Refused
            except _Refused:
                continue
            except IntegrityError:
                problems.append(
                    make_problem(
                        [*loc, spec.key[-1]],
                        _("a record with the key %(key)s exists already")
                        % {"key": " / ".join(key or ())},
                    )
                )
                continue
            if current is None:
                created += 1
            else:
                updated += 1
            done.append(instance.pk)
            # A team named as the parent of a later team of the same call.
            for column in spec.columns:
                if column.ref == access.kind:
                    refs.found[(column.name, key[0] if key else "")] = instance.pk

        if problems:
            raise invalid(sorted(problems + conflicts, key=lambda p: p["loc"][2]))
        if conflicts:
            raise ApiError(409, conflicts)
        written = {
            pk: as_json(spec, values)
            for pk, *values in spec.model.objects.filter(pk__in=done).values_list(
                "pk", *lookups(spec)
            )
        }
    logger.info(
        "API bulk %s: %d created, %d updated, %d unchanged",
        access.kind,
        created,
        updated,
        unchanged,
    )
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "records": [written[pk] for pk in done],
    }
