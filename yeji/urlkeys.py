"""Natural keys in URLs: whatever text a key is, as one path segment.

A record's page is named by its natural key (a customer's code, an order
number), and keys are what a company wrote in its spreadsheets: an order
number such as ``HT/2026/001`` has slashes, which no path segment holds,
and a customer coded ``pool`` would be shadowed by the pool page beside
the customers' pages.  The ``key`` path converter writes such a key with
escapes and reads it back: ``~`` and two hex digits stand for one
character (``~2F`` a slash, ``~7E`` a tilde); a key that is a page's name,
or only dots, has its first character escaped.  Any other key is written
as it is, so the usual ``C00000042`` reads the same in the address bar.
"""

import re

# The names of pages that stand where a key may stand in some address
# (``/customers/pool/`` beside ``/customers/C001/``); a key with one of
# these names is escaped.  yeji/tests/test_urlkeys.py keeps the list whole.
PAGE_NAMES = frozenset(
    {
        "churn",
        "complaints",
        "follow-ups",
        "handover",
        "keeping-settings",
        "leads",
        "missing",
        "new",
        "opportunities",
        "overdue",
        "pipeline",
        "pool",
        "requests",
        "survey",
    }
)

_ESCAPED = re.compile(r"~([0-9A-Fa-f]{2})")


def key_to_url(key: str) -> str:
    """A key as one path segment."""
    text = key.replace("~", "~7E").replace("/", "~2F")
    if text in PAGE_NAMES or not text.strip("."):
        text = f"~{ord(text[0]):02X}{text[1:]}"
    return text


def key_from_url(text: str) -> str:
    """The key a path segment names (``key_to_url`` read back)."""
    return _ESCAPED.sub(lambda found: chr(int(found.group(1), 16)), text)


class KeyConverter:
    """The ``key`` path converter: ``<key:code>`` in a URL pattern."""

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return key_from_url(value)

    def to_url(self, value: object) -> str:
        return key_to_url(str(value))
