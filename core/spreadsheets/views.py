"""The import pages every registered import shares: upload with its template, preview, commit."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import AuthenticatedHttpRequest
from core.models import SpreadsheetImport

from .export import spreadsheet_response
from .imports import AlreadyImportedError, ImportSpec, import_check, import_commit, import_spec

RECENT_IMPORTS = 10


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("spreadsheet file"),
        help_text=gettext_lazy("CSV (UTF-8 or Thai Windows), Excel (.xlsx, .xls) or OpenDocument (.ods)"),
    )


def _spec(request: HttpRequest, kind: str) -> ImportSpec:
    spec = import_spec(kind)
    if spec is None:
        raise Http404
    if not request.user.has_perms(spec.permissions):
        raise PermissionDenied
    return spec


def _own_import(request: HttpRequest, pk: int) -> tuple[SpreadsheetImport, ImportSpec]:
    """An import is previewed and committed by the person who uploaded it, while they may still import."""
    record = get_object_or_404(SpreadsheetImport, pk=pk, uploaded_by=request.user.pk)
    return record, _spec(request, record.kind)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    spec = _spec(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = import_check(spec=spec, upload=form.cleaned_data["file"], user=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("core:import_preview", pk=record.pk)
    recent = SpreadsheetImport.objects.filter(kind=spec.kind).select_related("uploaded_by")[:RECENT_IMPORTS]
    return render(request, "core/import_upload.html", {"spec": spec, "form": form, "recent": recent})


@require_GET
@login_required
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponseBase:
    spec = _spec(request, kind)
    return spreadsheet_response([spec.headers()], f"{spec.kind}-template", fmt)


@require_GET
@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    record, spec = _own_import(request, pk)
    return render(request, "core/import_preview.html", {"spec": spec, "record": record})


@require_POST
@login_required
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    record, spec = _own_import(request, pk)
    try:
        record = import_commit(record=record, spec=spec)
    except AlreadyImportedError:
        messages.info(request, _("This file was already imported; it was not imported again."))
        return redirect(spec.back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("core:import_preview", pk=record.pk)
    if record.committed_at is None:
        messages.error(
            request,
            _("Nothing was imported: the file no longer passes the checks (records changed since the preview)."),
        )
        return redirect("core:import_preview", pk=record.pk)
    messages.success(
        request,
        _("The file was imported: %(new)s added, %(changed)s changed, %(unchanged)s unchanged.")
        % {"new": record.new, "changed": record.changed, "unchanged": record.unchanged},
    )
    return redirect(spec.back)
