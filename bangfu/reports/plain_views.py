"""Pages of the plaintext export (导出明文): request with a purpose, second-person approval, one download."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.accounts.queries import unit_for
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.reports import plain_export
from bangfu.reports.models import PlainExportStatus
from bangfu.reports.queries import plain_export_for, visible_plain_exports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlainExportForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Purpose of the export in clear"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))


@login_required
@permission_required("reports.view_plainexportrequest", raise_exception=True)
def plain_export_list(request: HttpRequest) -> HttpResponse:
    items = visible_plain_exports(request.user)
    status = request.GET.get("status", "")
    if status in PlainExportStatus.values:
        items = items.filter(status=status)
    context = {"page": paginate(request, items), "query": querystring_without_page(request), "status": status,
               "statuses": PlainExportStatus.choices, "hours": plain_export.valid_hours()}
    return render(request, "reports/plain_exports.html", context)


@login_required
@permission_required(plain_export.REQUEST_PERMISSION, raise_exception=True)
def plain_export_new(request: HttpRequest) -> HttpResponse:
    org = unit_for(request.user, request.GET.get("org"), permission=plain_export.REQUEST_PERMISSION)
    status_filter = request.GET.get("status", "")
    form = PlainExportForm(request.POST or None)
    code = 200
    if request.method == "POST":
        reason = form.cleaned_data["reason"] if form.is_valid() else request.POST.get("reason", "")
        outcome = call_service(request, lambda: plain_export.request_plain_export(
            actor=request.user, org=org, reason=reason, status_filter=status_filter), form=form,
            success=_("Request sent; a second person must approve it before you can download the file."))
        if outcome.ok:
            return redirect("reports:plain_export_list")
        code = outcome.status
    context = {"form": form, "org": org, "status_filter": status_filter, "hours": plain_export.valid_hours()}
    return render(request, "reports/plain_export_new.html", context, status=code)


@login_required
def plain_export_decide(request: HttpRequest, pk: int) -> HttpResponse:
    export_request = plain_export_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    note = request.POST.get("note", "")
    if request.POST.get("decision") == "reject":
        call_service(request, lambda: plain_export.reject_plain_export(actor=request.user, request=export_request,
                                                                       note=note), success=_("Rejected."))
    else:
        call_service(request, lambda: plain_export.approve_plain_export(actor=request.user, request=export_request,
                                                                        note=note), success=_("Approved."))
    return redirect("reports:plain_export_list")


@login_required
def plain_export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export_request = plain_export_for(request.user, pk)
    outcome = call_service(request, lambda: plain_export.download_plain_export(actor=request.user,
                                                                               request=export_request))
    if outcome.result is None:  # the list again, with the reason, under the refusal's own status
        refused = plain_export_list(request)
        refused.status_code = outcome.status
        return refused
    response = HttpResponse(outcome.result.content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(outcome.result.filename)}"
    response["Cache-Control"] = "no-store"
    return response
