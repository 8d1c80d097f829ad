"""The value types of the interchange format: parsing cells, writing them back.

Each type turns one trimmed, non-empty cell into the Python value stored in
the database, or raises :class:`InvalidValue` with a message for the person
who wrote the file.  A CSV cell is always text; an XLSX cell may also be a
number, a date or a date-and-time, which :meth:`ValueType.from_cell` accepts
as spreadsheet programs write them.  :meth:`ValueType.format` writes a stored
value back as export text, so that the export parses to the same value.

These functions run once per cell of files with millions of rows, so they
are plain methods with the work that does not depend on the cell done once in
``__init__``.
"""

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

# The number syntax shared by money, decimals and integers: digits with an
# optional sign and decimal point, no thousands separators or currency signs.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_PERIOD = re.compile(r"(\d{4})(?:-(?:Q([1-4])|(0[1-9]|1[0-2])))?")


class InvalidValue(Exception):
    """A cell that breaks the format's rules; the argument says how."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def company_zone() -> ZoneInfo:
    """The company's time zone, in which dates are meant and naive times read."""
    return ZoneInfo(settings.TIME_ZONE)


class ValueType:
    """A column's type: how to read a cell and how to write a value back."""

    #: The value a cell left empty stands for in the database.
    absent: object = None

    def parse(self, text: str) -> object:
        """The value of a trimmed, non-empty text cell."""
        raise NotImplementedError

    def from_cell(self, cell: object) -> object:
        """The value of a typed XLSX cell (number, date, date-and-time)."""
        return self.parse(_cell_text(cell))

    def format(self, value: object) -> str:
        """The export text of a stored value (never called with ``None``)."""
        return str(value)


def _cell_text(cell: object) -> str:
    # A number cell holding a whole number (an employee number, a phone
    # number) is written without the ".0" that a float would print.
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell)


class Text(ValueType):
    absent = ""

    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def parse(self, text: str) -> str:
        if self.max_length is not None and len(text) > self.max_length:
            raise InvalidValue(
                _("longer than %(max)d characters") % {"max": self.max_length}
            )
        return text


class Enum(ValueType):
    """One of a fixed list of words, in any letter case."""

    absent = ""

    def __init__(self, words: list[str]) -> None:
        self.words = frozenset(words)
        self.listed = ", ".join(words)

    def parse(self, text: str) -> str:
        word = text.lower()
        if word not in self.words:
            raise InvalidValue(
                _("unknown value %(value)r; expected one of: %(words)s")
                % {"value": text, "words": self.listed}
            )
        return word


class Date(ValueType):
    def parse(self, text: str) -> dt.date:
        # fromisoformat also takes "20260701" and week dates; the format
        # allows only the one spelling.
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise InvalidValue(
            _("%(value)r is not a date like 2026-07-01") % {"value": text}
        )

    def from_cell(self, cell: object) -> dt.date:
        if isinstance(cell, dt.datetime):
            if cell.time() != dt.time(0):
                raise InvalidValue(
                    _("%(value)s has a time of day; a date is expected")
                    % {"value": cell.isoformat(" ")}
                )
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        return self.parse(_cell_text(cell))

    def format(self, value: object) -> str:
        assert isinstance(value, dt.date)
        return value.isoformat()


class DateTime(ValueType):
    """An instant; without an offset it is local time in the company's zone."""

    def __init__(self) -> None:
        self.zone = company_zone()

    def parse(self, text: str) -> dt.datetime:
        # Ten characters would be a bare date, which names no instant.
        if len(text) > 10 and text[4] == "-" and text[7] == "-":
            try:
                value = dt.datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                if value.tzinfo is None:
                    return value.replace(tzinfo=self.zone)
                return value
        raise InvalidValue(
            _(
                "%(value)r is not a date and time like 2026-07-01T09:30:00+08:00 "
                "or 2026-07-01 09:30"
            )
            % {"value": text}
        )

    def from_cell(self, cell: object) -> dt.datetime:
        if isinstance(cell, dt.datetime):
            return cell.replace(tzinfo=self.zone)
        if isinstance(cell, dt.date):
            return dt.datetime.combine(cell, dt.time(0), tzinfo=self.zone)
        return self.parse(_cell_text(cell))

    def format(self, value: object) -> str:
        assert isinstance(value, dt.datetime)
        return value.astimezone(self.zone).isoformat()


class Number(ValueType):
    """A decimal with at most ``places`` places, within optional bounds.

    Money is a Number with two places.  Bounds are given as Decimals;
    ``above`` is exclusive (a payment is more than 0), ``at_least`` and
    ``at_most`` inclusive.
    """

    def __init__(
        self,
        *,
        places: int = 2,
        digits: int = 14,
        at_least: Decimal | None = None,
        above: Decimal | None = None,
        at_most: Decimal | None = None,
    ) -> None:
        self.places = places
        self.limit = Decimal(10) ** (digits - places)
        self.at_least = at_least
        self.above = above
        self.at_most = at_most

    def parse(self, text: str) -> Decimal:
        if not _NUMBER.fullmatch(text):
            raise InvalidValue(
                _("%(value)r is not a number like 1234.50") % {"value": text}
            )
        point = text.find(".")
        if point >= 0 and len(text) - point - 1 > self.places:
            raise InvalidValue(
                _("%(value)s has more than %(places)d decimal places")
                % {"value": text, "places": self.places}
            )
        return self.check(Decimal(text))

    def check(self, value: Decimal) -> Decimal:
        if abs(value) >= self.limit:
            raise InvalidValue(_("%(value)s is too large") % {"value": value})
        if self.at_least is not None and value < self.at_least:
            raise InvalidValue(
                _("%(value)s is less than %(bound)s")
                % {"value": value, "bound": self.at_least}
            )
        if self.above is not None and value <= self.above:
            raise InvalidValue(
                _("%(value)s must be more than %(bound)s")
                % {"value": value, "bound": self.above}
            )
        if self.at_most is not None and value > self.at_most:
            raise InvalidValue(
                _("%(value)s is more than %(bound)s")
                % {"value": value, "bound": self.at_most}
            )
        return value

    def from_cell(self, cell: object) -> Decimal:
        if isinstance(cell, float):
            # repr gives the shortest text that reads back as the same
            # float, which is what the spreadsheet showed: 1234.5 stays
            # 1234.5 and 1234.567 keeps its three places (an error).
            if cell.is_integer():
                return self.check(Decimal(int(cell)))
            return self.parse(repr(cell))
        if isinstance(cell, int) and not isinstance(cell, bool):
            return self.check(Decimal(cell))
        return self.parse(_cell_text(cell))

    def format(self, value: object) -> str:
        assert isinstance(value, Decimal)
        return f"{value:.{self.places}f}"


class Integer(ValueType):
    """A whole number within inclusive bounds; ``5.0`` is accepted as 5."""

    def __init__(self, *, at_least: int, at_most: int) -> None:
        self.at_least = at_least
        self.at_most = at_most

    def parse(self, text: str) -> int:
        if text.isascii() and text.isdigit():
            return self.check(int(text))
        if not _NUMBER.fullmatch(text) or Decimal(text) % 1:
            raise InvalidValue(_("%(value)r is not a whole number") % {"value": text})
        return self.check(int(Decimal(text)))

    def check(self, value: int) -> int:
        if not self.at_least <= value <= self.at_most:
            raise InvalidValue(
                _("%(value)s is not between %(low)d and %(high)d")
                % {"value": value, "low": self.at_least, "high": self.at_most}
            )
        return value

    def from_cell(self, cell: object) -> int:
        if isinstance(cell, float) and cell.is_integer():
            return self.check(int(cell))
        return self.parse(_cell_text(cell))


class Period(ValueType):
    """A target period label: ``2026``, ``2026-Q3`` or ``2026-07``."""

    absent = ""

    def parse(self, text: str) -> str:
        label = text.upper()
        if not _PERIOD.fullmatch(label):
            raise InvalidValue(
                _("%(value)r is not a period like 2026, 2026-Q3 or 2026-07")
                % {"value": text}
            )
        return label
