"""Pages of long lists that never count more rows than a person would page
through.

A director of a large company sees ten million orders; counting them for
"page 1 of 200,000" reads every row on each visit.  ``ListPaginator``
counts at most ``YEJI_LIST_COUNT_LIMIT`` rows (10,000 by default) and, past
that, says "more than 10,000" and offers the pages up to it: a list that
long is narrowed with its filters, not paged through.  A list's totals (the
confirmed orders' amount) are read only when the list is within the limit,
for the same reason; the page says so.
"""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator


def count_limit() -> int:
    return settings.YEJI_LIST_COUNT_LIMIT


class ListPaginator(Paginator):
    """A paginator whose count stops at the limit (``capped`` then says so).

    ``count`` may be given when the caller read it already with the list's
    totals (one pass over the rows rather than two).
    """

    def __init__(self, object_list, per_page: int, *, count: int | None = None):
        super().__init__(object_list, per_page)
        self._given_count = count

    @cached_property
    def count(self) -> int:
        if self._given_count is not None:
            return self._given_count
        limit = count_limit()
        # Counting a slice: the database stops at limit + 1 rows.
        return min(self.object_list[: limit + 1].count(), limit + 1)

    @property
    def capped(self) -> bool:
        return self.count > count_limit()

    @property
    def pages_within(self) -> int:
        """The number of whole pages within the limit (what "page 3 of more
        than 200" names)."""
        return max(1, -(-min(self.count, count_limit()) // self.per_page))

    @property
    def shown_count(self) -> int:
        """The count to print: exact, or the limit when past it."""
        return min(self.count, count_limit())


def within_limit(object_list) -> bool:
    """Whether ``object_list`` holds no more rows than the limit (one
    query that stops at limit + 1 rows)."""
    limit = count_limit()
    return object_list.order_by()[: limit + 1].count() <= limit
