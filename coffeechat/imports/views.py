"""The Import page under Network: upload a file, see what it would do, then import it."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats import csv_mapping
from coffeechat.imports.importer import KINDS, ImportReport, read_rows, run_import
from coffeechat.imports.models import ImportUpload
from coffeechat.owned import AuthedRequest, get_for_user

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PREVIEW_ROWS = 500
# Uploads the user never imported are dropped after this long.
UPLOAD_LIFETIME = dt.timedelta(days=1)


def start_import(request: AuthedRequest) -> HttpResponse:
    """Choose the kind of file and upload it."""
    error = ""
    kind = request.POST.get("kind", request.GET.get("kind", "linkedin"))
    if request.method == "POST":
        upload = request.FILES.get("file")
        error = _upload_problem(kind, upload)
        if not error and upload is not None:
            ImportUpload.objects.filter(
                user=request.user, created_at__lt=timezone.now() - UPLOAD_LIFETIME
            ).delete()
            stored = ImportUpload.objects.create(
                user=request.user,
                kind=kind,
                name=PurePath(upload.name or "upload").name[:255],
                data=upload.read(),
            )
            return redirect(stored.get_absolute_url())
    context = {"kinds": KINDS.values(), "kind": kind, "error": error, "limit_mb": 20}
    return render(request, "imports/start.html", context, status=400 if error else 200)


def _upload_problem(kind: str, upload: Any) -> str:
    if kind not in KINDS:
        return "Choose what kind of file this is."
    if upload is None:
        return "Choose a file to import."
    if upload.size > MAX_UPLOAD_BYTES:
        return f"{upload.name}: the file is larger than 20 MB."
    extensions = KINDS[kind].extensions
    if not (upload.name or "").lower().endswith(extensions):
        return f"{upload.name}: for {KINDS[kind].label}, choose a {' or '.join(extensions)} file."
    return ""


def _mapping(upload: ImportUpload) -> dict[str, int] | None:
    if upload.kind != "csv" or not upload.mapping:
        return None
    return {str(key): int(value) for key, value in upload.mapping.items()}


def _report(upload: ImportUpload, user: Any, *, apply: bool) -> ImportReport:
    rows = read_rows(upload.kind, bytes(upload.data), name=upload.name, mapping=_mapping(upload))
    return run_import(user, rows, apply=apply)


def _columns(upload: ImportUpload) -> dict[str, Any]:
    """The header and the mapping in use, for the csv mapping form."""
    if upload.kind != "csv":
        return {}
    header, _ = csv_mapping.read_table(bytes(upload.data), upload.name)
    mapping = _mapping(upload) or csv_mapping.guess_mapping(header)
    fields = [(name, label, mapping.get(name)) for name, label in csv_mapping.FIELD_LABELS.items()]
    return {"header": list(enumerate(header)), "fields": fields}


def preview_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """What importing the file would do, row by row; for csv, with the column mapping."""
    upload = get_for_user(ImportUpload, request.user, pk)
    if request.method == "POST" and upload.kind == "csv":
        mapping: dict[str, int] = {}
        for name in csv_mapping.FIELDS:
            value = request.POST.get(f"map-{name}", "")
            if value.isdigit():
                mapping[name] = int(value)
        upload.mapping = mapping
        upload.save(update_fields=["mapping", "updated_at"])
        return redirect(upload.get_absolute_url())
    try:
        columns = _columns(upload)
        report = _report(upload, request.user, apply=False)
    except ImportFileError as error:
        context = {"upload": upload, "error": str(error), **_safe_columns(upload)}
        return render(request, "imports/preview.html", context, status=400)
    context = {
        "upload": upload,
        "kind": KINDS[upload.kind],
        "report": report,
        "shown": report.rows[:PREVIEW_ROWS],
        **columns,
    }
    return render(request, "imports/preview.html", context)


def _safe_columns(upload: ImportUpload) -> dict[str, Any]:
    try:
        return _columns(upload)
    except ImportFileError:
        return {}


@require_POST
def apply_import(request: AuthedRequest, pk: int) -> HttpResponse:
    """Import the previewed file, in one transaction, and show what happened."""
    upload = get_for_user(ImportUpload, request.user, pk)
    try:
        report = _report(upload, request.user, apply=True)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect(upload.get_absolute_url())
    upload.delete()
    messages.success(
        request,
        f"Imported {upload.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped.",
    )
    return render(request, "imports/done.html", {"upload": upload, "report": report})
