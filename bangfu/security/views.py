"""The auditor's pages (audit log, sign-in log, online users with 强退), the administrator's unlock
page, the data inventory, the password change and the "show in clear" endpoint. Thin: reads through
`queries`, writes through services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from bangfu.accounts.models import TokenRevokeReason, User
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.accounts.services import revoke_user_tokens
from bangfu.core import audit
from bangfu.core.inventory import CLASSES, inventory_rows
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.core.templatetags.sensitive import render_masked
from bangfu.security import lockouts, queries, sessions
from bangfu.security import reveal as reveal_service
from bangfu.security.forms import AuditSearchForm
from bangfu.security.models import EndReason


def _fragment(request: HttpRequest) -> bool:
    """An htmx request swapping the table only (not a boosted full navigation)."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "boosted", False)


def _event_list(request: HttpRequest, *, auth_only: bool, template: str) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = paginate(request, queries.search_events(request.user, form.filters(), auth_only=auth_only),
                    default_size=50)
    context = {"form": form, "page": page, "query": querystring_without_page(request), "auth_only": auth_only}
    if _fragment(request):
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
def audit_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(queries.visible_events(request.user), seq=seq)
    return render(request, "security/audit_detail.html", {"event": event})


@login_required
@permission_required("security.view_usersession", raise_exception=True)
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.visible_sessions(request.user).order_by("-last_seen_at"), default_size=50)
    context = {"page": page, "query": querystring_without_page(request)}
    if _fragment(request):
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
    return render(request, "security/lockouts.html", {"locked": queries.locked_accounts(request.user)})


@require_POST
@login_required
@permission_required("security.unlock_account", raise_exception=True)
def lockout_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(User.objects.select_related("org"), request.user, "change", pk=pk)
    lockouts.unlock_account(actor=request.user, account=account)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": account.username})
    return redirect("security:lockout_list")


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def inventory(request: HttpRequest) -> HttpResponse:
    rows = inventory_rows()
    counts = {cls: sum(1 for row in rows if row[3] == cls) for cls in CLASSES}
    return render(request, "security/inventory.html", {"rows": rows, "counts": counts,
                                                       "unclassified": sum(1 for row in rows if not row[3])})


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.must_change_password = False
            user.save(update_fields=["password", "must_change_password"])
            audit.record("auth.password_changed", actor=user, obj=user, org=user.org)
            revoke_user_tokens(actor=user, user=user, reason=TokenRevokeReason.PASSWORD)
        # Keeps this session signed in under a new session key; other sessions of the user end.
        old_key = request.session.session_key
        update_session_auth_hash(request, user)
        sessions.end_session(old_key, EndReason.PASSWORD)
        sessions.start_session(request, user, keep_login_time=True)
        sessions.end_other_sessions(user, request.session.session_key, EndReason.PASSWORD)
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
