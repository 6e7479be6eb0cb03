"""Evidence: uploaded on the household page, downloaded only through this scoped, audited view, which
decrypts the stored file in memory (a missing or wrong key answers 503 through the security middleware)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.core.files import sealed_response
from bangfu.core.pages import call_service
from bangfu.people import queries, services
from bangfu.people.forms import EvidenceForm


@login_required
@permission_required("people.add_evidence", raise_exception=True)
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    hardship_file = queries.file_detail(request.user, pk, permission="people.add_evidence")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    context = {"form": form, "file": hardship_file}
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.upload_evidence(
            actor=request.user, hardship_file=hardship_file, kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["upload"]), form=form)
        if not outcome.ok:
            return render(request, "people/evidence_form.html", context, status=outcome.status)
        messages.success(request, _("The evidence is uploaded."))
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/evidence_form.html", context)


@login_required
@permission_required("people.view_evidence", raise_exception=True)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = queries.evidence_for_download(request.user, pk)
    try:
        data = services.read_evidence(actor=request.user, evidence=evidence)
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePosixPath(evidence.upload.name).suffix.lower()
    return sealed_response(data, content_type=evidence.content_type or "application/octet-stream",
                           filename=f"evidence-{evidence.pk}{suffix}", as_attachment=True)
