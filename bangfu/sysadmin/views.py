"""Pages of system administration: parameters (参数设置) and announcements (通知公告). Thin: queries and
services do the work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.sysadmin import queries, services
from bangfu.sysadmin.forms import AnnouncementForm, ParameterForm
from bangfu.sysadmin.parameters import parameter_spec


def _parameter_page(request: HttpRequest, errors: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    rows = queries.parameter_rows()
    errors = errors or {}
    forms = {
        row.spec.key: errors.get(row.spec.key) or ParameterForm(initial={"value": row.value, "version": row.version})
        for row in rows
    }
    context = {
        "rows": [(row, forms[row.spec.key]) for row in rows],
        "may_change": services.may_change_parameters(request.user),
        "history": queries.parameter_history(),
    }
    return render(request, "sysadmin/parameter_list.html", context, status=status)


@login_required
@permission_required("sysadmin.view_systemparameter", raise_exception=True)
def parameter_list(request: HttpRequest) -> HttpResponse:
    return _parameter_page(request)


@login_required
@permission_required("sysadmin.change_systemparameter", raise_exception=True)
@require_POST
def parameter_change(request: HttpRequest, key: str) -> HttpResponse:
    try:
        spec = parameter_spec(key)
    except KeyError:
        raise Http404 from None
    form = ParameterForm(request.POST)
    if not form.is_valid():
        return _parameter_page(request, {key: form}, 400)
    outcome = call_service(
        request,
        lambda: services.set_parameter(actor=request.user, key=key, value=form.cleaned_data["value"],
                                       version=form.cleaned_data["version"]),
        # a refusal is shown on the row's form; to one who may not change parameters (no form), as a message
        form=form if services.may_change_parameters(request.user) else None,
        success=lambda number: _("%(name)s is now %(value)s.") % {"name": spec.label, "value": f"{number} {spec.unit}"},
    )
    if outcome.ok:
        return redirect("sysadmin:parameter_list")
    return _parameter_page(request, {key: form}, outcome.status)


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.visible_notices(request.user))
    context = {
        "page": page,
        "query": querystring_without_page(request),
        "unread": queries.unread_count(request.user),
        "may_publish": request.user.has_perm(services.ADD_ANNOUNCEMENT),
    }
    return render(request, "sysadmin/notice_list.html", context)


@login_required
@permission_required(services.ADD_ANNOUNCEMENT, raise_exception=True)
def notice_create(request: HttpRequest) -> HttpResponse:
    initial = {"org": getattr(request.user, "org", None)}
    form = AnnouncementForm(request.POST or None, actor=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            outcome = call_service(
                request,
                lambda: services.publish_announcement(actor=request.user, org=form.cleaned_data["org"],
                                                      data=form.to_input()),
                form=form,
                success=_("Announcement published."),
            )
            if outcome.ok:
                return redirect("sysadmin:notice_detail", pk=outcome.value.pk)
            status = outcome.status
        else:
            status = 400
    return render(request, "sysadmin/notice_form.html", {"form": form}, status=status)


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = queries.notice_for(request.user, pk)
    if queries.is_addressed_to(request.user, notice):
        services.mark_read(user=request.user, notice=notice)
    context: dict[str, Any] = {"notice": notice}
    if queries.may_see_receipts(request.user, notice):
        units = queries.receipts_by_unit(notice)
        context |= {
            "units": units,
            "total_accounts": sum(u.accounts for u in units),
            "total_read": sum(u.read for u in units),
            "readers": queries.readers_of(notice)[:200],
        }
    return render(request, "sysadmin/notice_detail.html", context)
