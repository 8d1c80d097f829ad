"""Compiling the translation catalogues Yeji ships as ``.po`` text.

Django reads translations from binary ``.mo`` files, which are build products
and not kept in the repository.  GNU gettext's ``msgfmt`` usually makes them,
but a fresh machine has no gettext, so Yeji compiles its own catalogues with
the small compiler below.  ``compile_stale_catalogues`` runs before Django
starts (the ``yeji`` command, the WSGI entry point, the test suite) and only
touches catalogues whose ``.mo`` is missing or older than the ``.po``.
"""

import ast
import logging
import os
import struct
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent

# The magic number that opens a little-endian GNU .mo file.
MO_MAGIC = 0x950412DE

# Gettext joins a message's context to its id with EOT, and the singular and
# plural ids (and the plural translations) with NUL.
CONTEXT_GLUE = "\x04"
PLURAL_GLUE = "\x00"


class PoSyntaxError(ValueError):
    """A .po file that cannot be read, with the file and line at fault."""


@dataclass
class PoEntry:
    """One message of a catalogue: its id, context, plural and translations."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    # Index 0 holds ``msgstr`` or ``msgstr[0]``; plural forms follow.
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(text: str, path: Path, line: int) -> str:
    """The value of one C-style quoted string as .po files write them."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoSyntaxError(f"{path}:{line}: expected a quoted string")
    # The escapes .po files use (\n, \t, \", \\, octal) are those of a Python
    # string literal; parsing it as one handles them all without evaluating
    # any code.  Non-ASCII text passes through as itself.
    try:
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError) as error:
        raise PoSyntaxError(f"{path}:{line}: bad string: {error}") from None
    if not isinstance(value, str):
        raise PoSyntaxError(f"{path}:{line}: expected a quoted string")
    return value


def parse_po(path: Path) -> list[PoEntry]:
    """Read the entries of a .po file, obsolete ones (``#~``) left out."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    # Which field the following continuation strings extend.
    current: tuple[str, int] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal entry, current, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry = PoEntry()
        current = None
        seen_keyword = False

    text = path.read_text(encoding="utf-8-sig")
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            # A comment after an entry's strings opens the next entry.
            if seen_keyword:
                finish()
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                entry.fuzzy = True
            continue
        if line.startswith('"'):
            if current is None:
                raise PoSyntaxError(f"{path}:{number}: string outside an entry")
            value = _unquote(line, path, number)
            name, index = current
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
            continue

        keyword, _, rest = line.partition(" ")
        # A context or id after translations opens the next entry, even
        # without the blank line that usually separates them.
        if keyword in {"msgctxt", "msgid"} and current and current[0] == "msgstr":
            finish()
        if keyword in {"msgctxt", "msgid", "msgid_plural"}:
            if not seen_keyword:
                entry.line = number
            setattr(entry, keyword, _unquote(rest, path, number))
            current = (keyword, 0)
        elif keyword == "msgstr":
            entry.msgstr[0] = _unquote(rest, path, number)
            current = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            try:
                index = int(keyword[len("msgstr[") : -1])
            except ValueError:
                raise PoSyntaxError(f"{path}:{number}: bad plural index") from None
            entry.msgstr[index] = _unquote(rest, path, number)
            current = ("msgstr", index)
        else:
            raise PoSyntaxError(f"{path}:{number}: unknown keyword {keyword!r}")
        seen_keyword = True
    finish()
    return entries


def _header_with_charset(header: str) -> str:
    """The header, saying UTF-8 if it names no charset.

    Python's gettext decodes a catalogue as ASCII unless the header names a
    charset; the compiler always writes UTF-8, so it says so.
    """
    if "charset=" in header:
        return header
    if header and not header.endswith("\n"):
        header += "\n"
    return header + "Content-Type: text/plain; charset=UTF-8\n"


def mo_bytes(entries: Iterable[PoEntry]) -> bytes:
    """The GNU .mo image of a catalogue's translated, non-fuzzy entries.

    The header entry is kept even when marked fuzzy (as Django's
    ``makemessages`` leaves it): it carries the charset and plural rule.
    The optional hash table is left out (size 0), which every reader allows.
    """
    messages: dict[bytes, bytes] = {}
    header = ""
    for entry in entries:
        if entry.is_header:
            header = entry.msgstr.get(0, "")
            continue
        if entry.fuzzy or not entry.is_translated:
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += PLURAL_GLUE + entry.msgid_plural
            value = PLURAL_GLUE.join(
                entry.msgstr[index] for index in sorted(entry.msgstr)
            )
        else:
            value = entry.msgstr[0]
        if entry.msgctxt is not None:
            key = entry.msgctxt + CONTEXT_GLUE + key
        messages[key.encode("utf-8")] = value.encode("utf-8")
    messages[b""] = _header_with_charset(header).encode("utf-8")

    # Readers search the originals by binary search, so they go in byte order.
    keys = sorted(messages)
    count = len(keys)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8

    original_table: list[int] = []
    translation_table: list[int] = []
    data = bytearray()
    for key in keys:
        original_table += [len(key), data_at + len(data)]
        data += key + b"\x00"
    for key in keys:
        value = messages[key]
        translation_table += [len(value), data_at + len(data)]
        data += value + b"\x00"

    head = struct.pack(
        "<7I", MO_MAGIC, 0, count, originals_at, translations_at, 0, data_at
    )
    tables = struct.pack(f"<{4 * count}I", *original_table, *translation_table)
    return head + tables + bytes(data)


def compile_po(po_path: Path, mo_path: Path | None = None) -> Path:
    """Write the .mo beside a .po (or at ``mo_path``), atomically.

    Several processes may compile at once (the test workers do); each writes
    a temporary file and renames it, so none reads a half-written catalogue.
    """
    mo_path = mo_path or po_path.with_suffix(".mo")
    image = mo_bytes(parse_po(po_path))
    handle, temporary = tempfile.mkstemp(
        prefix=mo_path.name + ".", suffix=".tmp", dir=mo_path.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(image)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return mo_path


def catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    """Every .po file under the package's ``locale`` folders."""
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_stale_catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    """Compile each .po whose .mo is missing or older; return those written.

    A catalogue that cannot be compiled (bad syntax, a read-only install) is
    logged and skipped: the pages then show the English text, which is
    better than not starting at all.
    """
    written = []
    for po_path in catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        try:
            if mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
        except FileNotFoundError:
            pass
        try:
            written.append(compile_po(po_path, mo_path))
        except (OSError, PoSyntaxError):
            logger.exception("Cannot compile the translations in %s", po_path)
    return written
