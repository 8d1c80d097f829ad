"""Import and export of the interchange format (``data-format.md``).

These are the actions the ``yeji import`` and ``yeji export`` commands, the
benchmark and the import page call; the work is in ``loading`` and
``exporting``.  The import page's files wait between its two steps in
folders that ``uploads`` keeps.
"""

import logging
from collections.abc import Sequence
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import get_language

from yeji.audit.context import Channel, audit_channel, current_source
from yeji.interchange import uploads
from yeji.interchange.exporting import export_all
from yeji.interchange.loading import ImportReport, run_import
from yeji.interchange.uploads import IncomingFile, Upload
from yeji.security.models import EventKind
from yeji.security.services import security_event_record

logger = logging.getLogger(__name__)


def import_path(
    path: Path | str,
    *,
    dry_run: bool = False,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Load a folder of files, or one file, in one transaction.

    With any error in any file nothing is written and the report lists every
    error found.  A dry run checks everything and counts what would be
    created, updated and left unchanged, and writes nothing.  The history
    of each record created or changed names ``user`` as who ran the import,
    or without one the operating system's user (the command line).
    """
    with audit_channel(Channel.IMPORT, user=user):
        return run_import(Path(path), dry_run=dry_run)


def export_folder(folder: Path | str) -> dict[str, int]:
    """Write every kind of record as CSV into ``folder`` (created if needed).

    Returns the number of rows written per file name.  Files already in the
    folder under those names are replaced.  Every record leaves the
    system: the export is a security event, as a download is.
    """
    written = export_all(Path(folder))
    source = current_source()
    security_event_record(
        kind=EventKind.DOWNLOAD,
        user=source.user,
        username=source.username,
        detail={
            "export": str(folder),
            "rows": sum(written.values()),
            "through": source.channel.value,
        },
    )
    return written


def upload_receive(
    *,
    user: AbstractBaseUser,
    files: Sequence[IncomingFile],
    folder: Sequence[IncomingFile],
) -> Upload:
    """Keep the files of an import page's upload and check them by a dry run.

    ``files`` were chosen one by one, ``folder`` are the files of a chosen
    folder.  The files wait in a new folder under ``YEJI_HOME/uploads``
    for :func:`upload_import`; upload folders older than a day are swept
    first.  Raises ``uploads.UploadRejected``, keeping nothing, for files
    that cannot be imported at all (see ``uploads.sort_files``).
    """
    uploads.sweep()
    kept, ignored = uploads.sort_files(files, folder)

    token = uploads.new_token()
    files_folder = uploads.store(token, kept)
    try:
        # TODO: a very large upload is checked (and later imported) inside
        # the request, so the browser waits minutes for a million rows and a
        # proxy may time out; it should run as a background task that the
        # page polls.
        report = import_path(files_folder, dry_run=True)
        upload = Upload(
            token=token,
            owner_id=user.pk,
            created=timezone.now(),
            report=report,
            language=get_language(),
            ignored=ignored,
        )
        uploads.save(upload)
    except BaseException:
        uploads.remove(token)
        raise

    logger.info(
        "Upload checked: %d files, %d errors",
        len(report.files),
        report.errors_total,
        extra={"upload": token, "user": user.pk},
    )
    return upload


def upload_report(*, user: AbstractBaseUser, token: str) -> Upload:
    """The upload ``token`` of ``user``, its report in the current language.

    The dry run is run again when the user has switched language since, so
    that every message reads in the language of the page.  Raises
    ``uploads.UploadNotFound`` for an upload gone, too old or another's.
    """
    upload = uploads.load(token, owner_id=user.pk)
    language = get_language()
    if upload.language != language:
        upload.report = import_path(upload.files_folder, dry_run=True)
        upload.language = language
        uploads.save(upload)
    return upload


def upload_import(*, user: AbstractBaseUser, token: str) -> ImportReport:
    """Import the files of upload ``token`` for real, then remove them.

    One import run, in one transaction: with any error (the records changed
    since the dry run) nothing is written, and the report says why.  A
    second call for the same token raises ``uploads.UploadNotFound``, as
    does a call for another user's upload.
    """
    uploads.load(token, owner_id=user.pk)
    claimed = uploads.claim(token)
    try:
        # TODO: see upload_receive: a very large import should run as a
        # background task instead of inside the request.
        report = import_path(claimed / "files", dry_run=False, user=user)
    finally:
        uploads.remove(token)

    logger.info(
        "Upload imported: %d files, %d errors",
        len(report.files),
        report.errors_total,
        extra={"upload": token, "user": user.pk},
    )
    return report


def upload_discard(*, user: AbstractBaseUser, token: str) -> None:
    """Remove the files of upload ``token`` unimported (the user cancelled).

    Raises ``uploads.UploadNotFound`` for an upload gone or another's.
    """
    uploads.load(token, owner_id=user.pk)
    uploads.remove(token)
    logger.info("Upload cancelled", extra={"upload": token, "user": user.pk})
