"""The API's one shape for every error, and the exception that carries it.

Every error answers ``{"detail": [{"loc": [...], "msg": "..."}]}``: ``loc``
says where the problem is (``["body", "amount"]``, ``["path", "key"]``,
``["body", "records", 3, "customer_code"]``), ``msg`` what it is, in the
request's language.
"""

from typing import Any

from django.utils.translation import gettext as _

Loc = list[str | int]


class ApiError(Exception):
    """An answer other than success, with its status and its problems."""

    def __init__(self, status: int, detail: list[dict[str, Any]]) -> None:
        super().__init__(status, detail)
        self.status = status
        self.detail = detail

    @property
    def body(self) -> dict[str, Any]:
        return {"detail": self.detail}


def problem(loc: Loc, msg: str) -> dict[str, Any]:
    return {"loc": loc, "msg": msg}


def not_found(loc: Loc | None = None) -> ApiError:
    """A record that does not exist or that the user may not see: the same."""
    return ApiError(404, [problem(loc or ["path", "key"], _("Not found."))])


def invalid(problems: list[dict[str, Any]]) -> ApiError:
    return ApiError(422, problems)


def conflict(loc: Loc, msg: str) -> ApiError:
    return ApiError(409, [problem(loc, msg)])


def forbidden() -> ApiError:
    return ApiError(
        403, [problem([], _("You may read these records but not change them."))]
    )
