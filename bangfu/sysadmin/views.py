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
from bangfu.sysadmin import dictionary_services, queries, services
from bangfu.sysadmin.dictionaries import dictionary_spec, dictionary_specs, entries
from bangfu.sysadmin.forms import AnnouncementForm, EntryForm, ParameterForm
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


@login_required
@permission_required("sysadmin.view_dictentry", raise_exception=True)
def dictionary_list(request: HttpRequest) -> HttpResponse:
    """字典管理: every code list the apps declare, with how many entries and where it is used."""
    rows = [(spec, len(entries(spec.key))) for spec in dictionary_specs()]
    return render(request, "sysadmin/dictionary_list.html", {"rows": rows})


def _dictionary_page(request: HttpRequest, key: str, bad: EntryForm | None = None, bad_code: str = "",
                     status: int = 200) -> HttpResponse:
    try:
        spec = dictionary_spec(key)
    except KeyError:
        raise Http404 from None
    listed = entries(key)
    forms: list[tuple[Any, EntryForm]] = []
    for entry in listed:
        form = bad if bad is not None and bad_code == entry.code else EntryForm(initial={
            "code": entry.code, "label": entry.label, "sort_order": entry.sort_order, "enabled": entry.enabled,
            "version": entry.edited.version if entry.edited else None}, prefix=f"e{len(forms)}")
        forms.append((entry, form))
    new_form = bad if bad is not None and bad_code == "" else EntryForm(prefix="new")
    context = {
        "spec": spec,
        "forms": forms,
        "new_form": new_form,
        "may_change": services.may_change_platform_settings(request.user, dictionary_services.CHANGE_DICTIONARY),
        "history": queries.dictionary_history(key),
    }
    return render(request, "sysadmin/dictionary_detail.html", context, status=status)


@login_required
@permission_required("sysadmin.view_dictentry", raise_exception=True)
def dictionary_detail(request: HttpRequest, key: str) -> HttpResponse:
    return _dictionary_page(request, key)


@login_required
@permission_required(dictionary_services.CHANGE_DICTIONARY, raise_exception=True)
@require_POST
def dictionary_entry_save(request: HttpRequest, key: str) -> HttpResponse:
    """Save one row of the page (its prefix names which) or the new entry (prefix "new")."""
    prefix = request.POST.get("prefix", "new")
    if prefix != "new" and not (prefix.startswith("e") and prefix[1:].isdecimal()):
        prefix = "new"
    form = EntryForm(request.POST, prefix=prefix)
    row_code = "" if prefix == "new" else request.POST.get(f"{prefix}-code", "")
    if not form.is_valid():
        return _dictionary_page(request, key, form, row_code, 400)
    data = form.cleaned_data
    may_change = services.may_change_platform_settings(request.user, dictionary_services.CHANGE_DICTIONARY)
    outcome = call_service(
        request,
        lambda: dictionary_services.save_entry(actor=request.user, key=key, data=dictionary_services.EntryInput(
            code=data["code"], label=data["label"], sort_order=data["sort_order"], enabled=data["enabled"],
            version=data["version"])),
        form=form if may_change else None,
        success=_("Entry %(code)s saved.") % {"code": data["code"]},
    )
    if outcome.ok:
        return redirect("sysadmin:dictionary_detail", key=key)
    return _dictionary_page(request, key, form, row_code, outcome.status)


@login_required
@permission_required(dictionary_services.CHANGE_DICTIONARY, raise_exception=True)
@require_POST
def dictionary_entry_delete(request: HttpRequest, key: str) -> HttpResponse:
    code = request.POST.get("code", "")
    outcome = call_service(
        request,
        lambda: dictionary_services.delete_entry(actor=request.user, key=key, code=code),
        success=_("Entry %(code)s deleted.") % {"code": code},
    )
    if outcome.ok:
        return redirect("sysadmin:dictionary_detail", key=key)
    return _dictionary_page(request, key, status=outcome.status)
