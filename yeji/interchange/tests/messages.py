"""The messages an app's code and templates ask to be translated.

Read the way ``makemessages`` reads them: Python calls of the gettext
family, and templates through Django's own ``templatize``.  The tests of
each app check that every one has a Chinese translation.
"""

import ast
import re
from pathlib import Path

from django.utils.translation.template import templatize

_CALLS = {
    "_",
    "gettext",
    "gettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
}
_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(")

Message = tuple[str | None, str]


def _from_python(source: str) -> list[Message]:
    found: list[Message] = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in _CALLS
        ):
            continue
        texts = [
            a.value
            for a in node.args
            if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        name = node.func.id
        # A plural message is found by its singular.
        if name.startswith("p") or name.startswith("np"):
            found.append((texts[0], texts[1]))
        elif texts:
            found.append((None, texts[0]))
    return found


def _from_template(text: str) -> list[Message]:
    source = templatize(text)
    found: list[Message] = []
    for match in _TEMPLATE_CALL.finditer(source):
        end = match.end()
        # The call ends at the first ")" after which it parses.
        while True:
            end = source.index(")", end) + 1
            try:
                found += _from_python(source[match.start() : end])
                break
            except SyntaxError:
                continue
    return found


def app_messages(app: Path) -> set[Message]:
    """Every message of the app's code and templates, tests left out."""
    found: set[Message] = set()
    for path in app.rglob("*.py"):
        if {"tests", "migrations"} & set(path.parts):
            continue
        found.update(_from_python(path.read_text(encoding="utf-8")))
    for path in app.rglob("*.html"):
        found.update(_from_template(path.read_text(encoding="utf-8")))
    return found


def untranslated(app: Path) -> list[Message]:
    """The app's messages that have no Chinese translation."""
    from django.utils import translation

    with translation.override("zh-hans"):
        catalog = translation.trans_real.translation("zh-hans")._catalog
    missing = []
    for context, text in sorted(app_messages(app), key=lambda m: m[1]):
        key = f"{context}\x04{text}" if context else text
        plural = catalog.get((key, 0))
        if not catalog.get(key) and not plural:
            missing.append((context, text))
    return missing
