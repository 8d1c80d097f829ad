"""Files uploaded from the browser, waiting between the check and the import.

An upload gets a folder of its own, ``YEJI_HOME/uploads/<token>/``: the
files under ``files/``, each under its kind's name (``files/teams.csv``),
and ``upload.json``, which says who uploaded them, when, which files of a
chosen folder were left out, and the report of the dry run.  The token is
random and long, so a folder cannot be guessed; the page keeps it in the
user's session, and the owner recorded here must match too.

A folder leaves when its files are imported, when the user cancels, and
when it is older than :data:`MAX_AGE` (swept at the next upload).
"""

import dataclasses
import datetime as dt
import json
import logging
import re
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from yeji.interchange.reading import SUFFIXES
from yeji.interchange.report import FileReport, ImportReport, Problem
from yeji.interchange.spec import KINDS_BY_NAME

logger = logging.getLogger(__name__)

# What one upload may weigh in all, files together.  A million customers
# are about 100 MB of CSV; anything much larger belongs on the command line
# (``yeji import``) until imports run in the background.
MAX_UPLOAD_BYTES = 512 * 1024 * 1024

# How long files wait for a confirm before they are swept away.
MAX_AGE = dt.timedelta(days=1)

# The first bytes of every XLSX file: it is a ZIP archive.
_ZIP_MAGIC = b"PK\x03\x04"

# Tokens are secrets.token_urlsafe(); anything else never names a folder.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")

_META = "upload.json"
_FILES = "files"


class Source(StrEnum):
    """Which input a file came from: chosen one by one, or in a folder."""

    FILES = "files"
    FOLDER = "folder"


class IncomingFile(Protocol):
    """What an upload needs of a file: Django's ``UploadedFile`` has it."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterable[bytes]: ...

    def seek(self, offset: int, whence: int = 0) -> int: ...

    def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class Rejection:
    """Why an upload was refused, by input and file."""

    source: Source | None
    message: str


class UploadRejected(Exception):
    """The files cannot be taken; nothing was kept.  ``rejections`` say why."""

    def __init__(self, rejections: list[Rejection]) -> None:
        super().__init__("; ".join(r.message for r in rejections))
        self.rejections = rejections


class UploadNotFound(Exception):
    """No upload of this token waits for this user (gone, or someone else's)."""


@dataclass
class Upload:
    """Files waiting for a confirm, with the report of their dry run."""

    token: str
    owner_id: int
    created: dt.datetime
    report: ImportReport
    language: str
    ignored: list[str] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        return uploads_root() / self.token

    @property
    def files_folder(self) -> Path:
        return self.folder / _FILES


def uploads_root() -> Path:
    return Path(settings.YEJI_HOME) / "uploads"


def upload_folder(token: str) -> Path:
    """The folder of a token; :class:`UploadNotFound` for a malformed one."""
    if not _TOKEN.match(token or ""):
        raise UploadNotFound(token)
    return uploads_root() / token


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _kind_file_name(name: str) -> str | None:
    """The name a file is kept under (``teams.csv``), or None when its name
    is not a kind of the format with a known suffix."""
    path = Path(name)
    suffix = path.suffix.lower()
    kind = path.stem.lower()
    if suffix not in SUFFIXES or kind not in KINDS_BY_NAME:
        return None
    return kind + suffix


def _head(upload: IncomingFile, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sort_files(
    files: Sequence[IncomingFile], folder: Sequence[IncomingFile]
) -> tuple[list[tuple[str, IncomingFile]], list[str]]:
    """The files to keep, by the name they are kept under, and the names of
    a folder's files that are left out.

    Raises :class:`UploadRejected` with every reason found: a file chosen
    on its own whose name is not a kind of the format, an empty file, an
    XLSX that is not a workbook, two files of one name, too much in all, or
    nothing of the format at all.  In a chosen folder, files of other names
    are left out, as ``yeji import FOLDER`` leaves them with a warning:
    folders people keep hold other sheets too.
    """
    rejections: list[Rejection] = []
    kept: dict[str, tuple[Source, IncomingFile]] = {}
    ignored: list[str] = []
    total = 0
    for source, chosen in ((Source.FILES, files), (Source.FOLDER, folder)):
        for upload in chosen:
            name = Path(upload.name or "").name
            kept_as = _kind_file_name(name)
            if kept_as is None:
                if source is Source.FOLDER:
                    ignored.append(name)
                    continue
                rejections.append(
                    Rejection(
                        source,
                        _(
                            "%(file)s: not a file of the format: the name must "
                            "be one of %(kinds)s, .csv or .xlsx"
                        )
                        % {"file": name, "kinds": ", ".join(KINDS_BY_NAME)},
                    )
                )
                continue
            size = upload.size or 0
            total += size
            if size == 0:
                rejections.append(
                    Rejection(source, _("%(file)s: the file is empty") % {"file": name})
                )
            elif kept_as.endswith(".xlsx") and _head(upload, 4) != _ZIP_MAGIC:
                rejections.append(
                    Rejection(
                        source,
                        _("%(file)s: the file is not an XLSX workbook")
                        % {"file": name},
                    )
                )
            elif kept_as in kept:
                rejections.append(
                    Rejection(
                        source,
                        _("%(file)s: two files of this name were chosen; keep one")
                        % {"file": kept_as},
                    )
                )
            else:
                kept[kept_as] = (source, upload)
    if total > MAX_UPLOAD_BYTES:
        rejections.append(Rejection(None, too_big_message()))
    if not rejections and not kept:
        rejections.append(
            Rejection(
                None,
                _("None of the files chosen is a file of the format (%(kinds)s).")
                % {"kinds": ", ".join(KINDS_BY_NAME)},
            )
        )
    if rejections:
        raise UploadRejected(rejections)
    return [(name, upload) for name, (_source, upload) in kept.items()], ignored


def too_big_message() -> str:
    return _(
        "The files are too big to import from the browser: at most %(size)s "
        "MB in all. Import larger files with the command yeji import."
    ) % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}


def store(token: str, files: list[tuple[str, IncomingFile]]) -> Path:
    """Copy the files into the token's folder; the folder of the files.

    Counts the bytes as they are copied, whatever the files claimed to
    weigh, and removes the folder on any failure, so that nothing stays.
    """
    target = upload_folder(token) / _FILES
    target.mkdir(parents=True)
    written = 0
    try:
        for name, upload in files:
            with (target / name).open("wb") as out:
                for chunk in upload.chunks():
                    written += len(chunk)
                    if written > MAX_UPLOAD_BYTES:
                        raise UploadRejected([Rejection(None, too_big_message())])
                    out.write(chunk)
    except BaseException:
        remove(token)
        raise
    return target


def save(upload: Upload) -> None:
    """Write the upload's ``upload.json`` (replacing it atomically)."""
    meta = {
        "owner": upload.owner_id,
        "created": upload.created.isoformat(),
        "language": upload.language,
        "ignored": upload.ignored,
        "report": dataclasses.asdict(upload.report),
    }
    path = upload.folder / _META
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def load(token: str, *, owner_id: int) -> Upload:
    """The upload of ``token`` if it belongs to ``owner_id`` and is not
    older than :data:`MAX_AGE`; else :class:`UploadNotFound`."""
    folder = upload_folder(token)
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UploadNotFound(token) from None
    created = dt.datetime.fromisoformat(meta["created"])
    if meta["owner"] != owner_id or timezone.now() - created > MAX_AGE:
        raise UploadNotFound(token)
    raw = meta["report"]
    report = ImportReport(
        dry_run=raw["dry_run"],
        files=[FileReport(**f) for f in raw["files"]],
        errors=[Problem(**p) for p in raw["errors"]],
        errors_total=raw["errors_total"],
        warnings=[Problem(**p) for p in raw["warnings"]],
    )
    return Upload(
        token=token,
        owner_id=owner_id,
        created=created,
        report=report,
        language=meta["language"],
        ignored=meta["ignored"],
    )


def claim(token: str) -> Path:
    """Take the upload's folder for importing, so a second confirm finds
    nothing: the folder is renamed, which one process only can do."""
    folder = upload_folder(token)
    claimed = folder.with_name(folder.name + ".importing")
    try:
        folder.rename(claimed)
    except OSError:
        raise UploadNotFound(token) from None
    return claimed


def remove(token: str) -> None:
    """Remove the upload's folder, claimed for importing or not."""
    folder = upload_folder(token)
    for path in (folder, folder.with_name(folder.name + ".importing")):
        shutil.rmtree(path, ignore_errors=True)


def sweep(*, now: dt.datetime | None = None) -> int:
    """Remove every upload folder older than :data:`MAX_AGE`; how many."""
    root = uploads_root()
    if not root.is_dir():
        return 0
    limit = (now or timezone.now()) - MAX_AGE
    removed = 0
    for folder in root.iterdir():
        try:
            changed = dt.datetime.fromtimestamp(folder.stat().st_mtime, tz=dt.UTC)
        except OSError:
            continue
        if changed < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    if removed:
        logger.info("Swept %d upload folders older than a day", removed)
    return removed
