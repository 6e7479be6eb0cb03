"""The auditor's pages (audit log, sign-in log, online users with 强退), the administrator's unlock
page, the data inventory, the password change and the "show in clear" endpoint. Thin: reads through
`queries`, writes through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.queries import user_for
from bangfu.core.auditlabels import action_choices, object_type_choices
from bangfu.core.http import wants_fragment, xlsx_download
from bangfu.core.inventory import CLASSES, class_labels, inventory_by_app, inventory_rows
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.core.templatetags.sensitive import render_masked
from bangfu.security import lockouts, queries, services, sessions
from bangfu.security import reveal as reveal_service
from bangfu.security.forms import AuditSearchForm
from bangfu.sysadmin.parameters import LOCKOUT_FAILURES, LOCKOUT_MINUTES, parameter_value


def _search_form(request: HttpRequest) -> AuditSearchForm:
    """The search of the query string (paging and page size are not part of it)."""
    params = request.GET.copy()
    for key in ("page", "size", "auth_only"):
        params.pop(key, None)
    return AuditSearchForm(params or None)


def _event_list(request: HttpRequest, *, auth_only: bool, template: str) -> HttpResponse:
    form = _search_form(request)
    page = paginate(request, queries.search_events(request.user, form.filters(), auth_only=auth_only),
                    default_size=50)
    context = {"form": form, "page": page, "query": querystring_without_page(request), "auth_only": auth_only,
               "action_choices": action_choices(), "object_type_choices": object_type_choices()}
    if wants_fragment(request):
        return render(request, "security/_event_table.html", context)
    return render(request, template, context)


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    return _event_list(request, auth_only=False, template="security/audit_list.html")


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def login_log(request: HttpRequest) -> HttpResponse:
    return _event_list(request, auth_only=True, template="security/login_log.html")


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_export(request: HttpRequest) -> HttpResponse:
    """The events of the search in the query string, as an Excel workbook (recorded by the service)."""
    auth_only = request.GET.get("auth_only") == "1"
    form = _search_form(request)
    outcome = call_service(request, lambda: services.export_events(actor=request.user, filters=form.filters(),
                                                                     auth_only=auth_only))
    if not outcome.ok:
        target = reverse("security:login_log" if auth_only else "security:audit_list")
        return redirect(f"{target}?{querystring_without_page(request)}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_download(outcome.value, f"audit-{stamp}.xlsx")


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(queries.visible_events(request.user), seq=seq)
    return render(request, "security/audit_detail.html", {"event": event})


@login_required
@permission_required("security.view_usersession", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.visible_sessions(request.user).order_by("-last_seen_at"), default_size=50)
    context = {"page": page, "query": querystring_without_page(request)}
    if wants_fragment(request):
        return render(request, "security/_session_table.html", context)
    return render(request, "security/sessions.html", context)


@require_POST
@login_required
@permission_required("security.terminate_usersession", raise_exception=True)
def session_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.visible_sessions(request.user), pk=pk)
    sessions.terminate_session(actor=request.user, session=session)
    messages.success(request, _("The session of %(name)s was ended.") % {"name": session.user})
    return redirect("security:session_list")


@login_required
@permission_required("security.unlock_account", raise_exception=True)
def lockout_list(request: HttpRequest) -> HttpResponse:
    context = {"locked": queries.locked_accounts(request.user), "minutes": parameter_value(LOCKOUT_MINUTES),
               "failures": parameter_value(LOCKOUT_FAILURES)}
    return render(request, "security/lockouts.html", context)


@require_POST
@login_required
@permission_required("security.unlock_account", raise_exception=True)
def lockout_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    account = user_for(request.user, pk, "change")
    lockouts.unlock_account(actor=request.user, account=account)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": account.username})
    return redirect("security:lockout_list")


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def inventory(request: HttpRequest) -> HttpResponse:
    """The inventory grouped by app, in Chinese names; ?class= and ?app= narrow it (kept in the URL)."""
    rows = inventory_rows()
    labels = class_labels()
    counts = [(cls, labels[cls], sum(1 for row in rows if row[3] == cls)) for cls in CLASSES]
    data_class = request.GET.get("class", "")
    data_class = data_class if data_class in (*CLASSES, "unclassified") else ""
    app_label = request.GET.get("app", "")
    apps_ = inventory_by_app()
    app_label = app_label if app_label in {app.label for app in apps_} else ""
    return render(request, "security/inventory.html", {
        "groups": inventory_by_app(data_class, app_label), "apps": apps_, "counts": counts,
        "class_labels": labels, "data_class": data_class, "app_label": app_label,
        "unclassified": sum(1 for row in rows if not row[3]),
    })


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(request=request, form=form)
        messages.success(request, _("Your password was changed."))
        return redirect("home")
    forced = bool(getattr(request.user, "must_change_password", False))
    return render(request, "security/password_change.html", {"form": form, "forced": forced})


@never_cache
@require_GET
@login_required
def reveal(request: HttpRequest, app_label: str, model_name: str, pk: str, field_name: str) -> HttpResponse:
    """htmx: the value in clear (recorded), or with ?hide=1 the masked value again."""
    target = {"app_label": app_label, "model_name": model_name, "pk": pk, "field_name": field_name}
    if request.GET.get("hide"):
        obj = reveal_service.masked_again(user=request.user, **target)
        return HttpResponse(render_masked(obj, field_name, request.user))
    obj, value = reveal_service.reveal(user=request.user, **target)
    if obj.pk is None:
        raise Http404
    return render(request, "security/_revealed.html", {"obj": obj, "field_name": field_name, "value": value})
