"""The history section of a record's page (``audit/_history.html``)."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest

from yeji.audit.queries import HistoryPage, record_history

CHANGES_PER_PAGE = 20


@dataclass(frozen=True)
class PageHistory:
    """A page of a record's history with its number, for the template."""

    page: HistoryPage
    number: int

    @property
    def entries(self):  # noqa: ANN201 - the page's entries
        return self.page.entries

    @property
    def has_more(self) -> bool:
        return self.page.has_more


def history_section(
    request: HttpRequest, record: models.Model, *, hidden: Iterable[str] = ()
) -> PageHistory:
    """The page of ``record``'s history that ``?changes=N`` asks for.

    The caller has checked that the user sees ``record``; ``hidden`` are the
    fields the user may not read.
    """
    try:
        number = min(max(1, int(request.GET.get("changes") or 1)), 10**6)
    except ValueError:
        number = 1
    page = record_history(
        record,
        offset=(number - 1) * CHANGES_PER_PAGE,
        limit=CHANGES_PER_PAGE,
        hidden=hidden,
    )
    return PageHistory(page=page, number=number)
