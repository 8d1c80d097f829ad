"""The import page: upload, read the dry run's report, confirm or cancel.

Administrators only (``queries.may_import``); anyone else is answered 404,
as if the page did not exist.  The upload waits between the two steps in a
folder of its own (``uploads``), named by a token that only the uploading
session holds: a confirm with any other token, from another user or
another session, is answered 404 too.  A confirm or cancel that names no
upload at all is sent back to the page.
"""

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yeji.interchange import uploads
from yeji.interchange.forms import UploadForm
from yeji.interchange.queries import may_import
from yeji.interchange.services import (
    upload_discard,
    upload_import,
    upload_receive,
    upload_report,
)
from yeji.interchange.uploads import (
    Upload,
    UploadNotFound,
    UploadRejected,
    too_big_message,
)

# The session's keys: the token of the upload waiting for a confirm, and
# the outcome of the last import, shown once more on a reload.
SESSION_UPLOAD = "interchange.upload"
SESSION_DONE = "interchange.imported"

# Room for the form's own fields beside the files in a request's length.
_FORM_OVERHEAD = 1024 * 1024


def _require_importer(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise Http404


def _pending(request: HttpRequest) -> Upload | None:
    token = request.session.get(SESSION_UPLOAD)
    if not token:
        return None
    try:
        return upload_report(user=request.user, token=token)
    except UploadNotFound:
        # Swept after a day, or imported from another tab.
        request.session.pop(SESSION_UPLOAD, None)
        return None


def _render_page(
    request: HttpRequest,
    form: UploadForm,
    *,
    status: int = 200,
    refused: str | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "refused": refused,
        "upload": _pending(request),
        "nav": "import",
    }
    return render(request, "interchange/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@csrf_exempt
def import_page(request: HttpRequest) -> HttpResponse:
    """Offer the upload; show the waiting upload's dry run, if any.

    The length of a POST is checked before its body is read, so that an
    upload far too big is refused at once rather than written to a
    temporary file first; the CSRF check follows in ``_import_page``.
    """
    _require_importer(request)
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > uploads.MAX_UPLOAD_BYTES + _FORM_OVERHEAD:
            return _render_page(
                request, UploadForm(), status=413, refused=too_big_message()
            )
        try:
            request.FILES  # noqa: B018 (reads the body, within Django's limits)
        except TooManyFilesSent:
            refused = _(
                "Too many files at once. Choose only the files of the "
                "format, or a folder that holds little else."
            )
            return _render_page(request, UploadForm(), status=400, refused=refused)
        except RequestDataTooBig:
            return _render_page(
                request, UploadForm(), status=413, refused=too_big_message()
            )
    return _import_page(request)


@csrf_protect
def _import_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_page(request, UploadForm())

    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_page(request, form, status=400)
    try:
        upload = upload_receive(
            user=request.user,
            files=form.cleaned_data["files"],
            folder=form.cleaned_data["folder"],
        )
    except UploadRejected as rejected:
        form.add_rejections(rejected.rejections)
        return _render_page(request, form, status=400)

    # One upload waits per session: a new one replaces the one before.
    previous = request.session.get(SESSION_UPLOAD)
    if previous:
        try:
            upload_discard(user=request.user, token=previous)
        except UploadNotFound:
            pass
    request.session[SESSION_UPLOAD] = upload.token
    return redirect("interchange:import")


def _nothing_waits(request: HttpRequest) -> HttpResponse:
    """A confirm or cancel that names no upload (a form sent by hand)."""
    messages.info(request, _("No upload was named: nothing was imported."))
    return redirect("interchange:import")


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the waiting upload for real; its files are removed after."""
    _require_importer(request)
    token = request.POST.get("upload", "")
    if not token:
        return _nothing_waits(request)
    done = request.session.get(SESSION_DONE)
    if done and done.get("token") == token:
        # A second click on the same button: that import is done already.
        return redirect("interchange:import_done")
    if token != request.session.get(SESSION_UPLOAD):
        raise Http404
    try:
        report = upload_import(user=request.user, token=token)
    except UploadNotFound:
        request.session.pop(SESSION_UPLOAD, None)
        raise Http404 from None
    request.session.pop(SESSION_UPLOAD, None)

    if not report.ok:
        return render(
            request,
            "interchange/failed.html",
            {"report": report, "form": UploadForm(), "nav": "import"},
        )
    request.session[SESSION_DONE] = {
        "token": token,
        "files": [dataclasses.asdict(f) for f in report.files],
    }
    return redirect("interchange:import_done")


@login_required
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    """Remove the waiting upload's files without importing them."""
    _require_importer(request)
    token = request.POST.get("upload", "")
    if not token:
        return _nothing_waits(request)
    if token != request.session.get(SESSION_UPLOAD):
        raise Http404
    try:
        upload_discard(user=request.user, token=token)
    except UploadNotFound:
        pass
    request.session.pop(SESSION_UPLOAD, None)
    messages.info(
        request, _("Cancelled: nothing was imported, and the files are removed.")
    )
    return redirect("interchange:import")


@login_required
@require_GET
def import_done(request: HttpRequest) -> HttpResponse:
    """What the last import of this session wrote."""
    _require_importer(request)
    done = request.session.get(SESSION_DONE)
    context = {"files": done["files"] if done else None, "nav": "import"}
    return render(request, "interchange/done.html", context)
