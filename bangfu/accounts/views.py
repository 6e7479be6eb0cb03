"""Pages of the platform shell: home, organisation browser, user management. Thin: read via queries."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts import services
from bangfu.accounts.forms import (
    ApiTokenForm,
    OrgSearchForm,
    RoleGrantForm,
    RoleHolderForm,
    UserCreateForm,
    UserEditForm,
    UserSearchForm,
)
from bangfu.accounts.models import DEFAULT_TOKEN_DAYS, OrgUnit, RoleGrant, User
from bangfu.accounts.queries import (
    assignment_for,
    assignments_of,
    grant_for,
    own_token_for,
    own_tokens,
    pending_grants_of,
    role_holders,
    search_units,
    tree_nodes,
    unit_for,
    user_by_username,
    user_for,
    users_of_unit,
    visible_grants,
    visible_tokens,
    visible_units,
    visible_users,
)
from bangfu.accounts.rolebook import role_cards
from bangfu.accounts.roles import role_spec
from bangfu.core.home import home_stats_for
from bangfu.core.http import wants_fragment
from bangfu.core.normalize import search_text
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    stats = [
        {"label": stat.label, "value": stat.count(request.user), "url_name": stat.url_name, "todo": stat.todo}
        for stat in home_stats_for(request.user)
    ]
    # The role's work to do first: each figure that is work waiting, when there is some.
    todos = [stat for stat in stats if stat["todo"] and stat["value"] > 0]
    return render(request, "accounts/home.html", {"stats": stats, "todos": todos})


@login_required
@permission_required("accounts.view_orgunit", raise_exception=True)
def org_browser(request: HttpRequest) -> HttpResponse:
    selected: OrgUnit | None = None
    if request.GET.get("unit"):
        selected = unit_for(request.user, request.GET["unit"])
    form = OrgSearchForm(request.GET or None)
    text = level = ""
    if form.is_valid():
        # Searched as `search_units` searches it: an invisible text opens the browser at the top, as an empty one.
        text, level = search_text(form.cleaned_data["q"]), form.cleaned_data["level"]
    if selected is None and not text and not level:
        roots = visible_units(request.user).order_by("depth", "path")
        selected = roots.first()
    page = paginate(request, search_units(request.user, under=selected, text=text, level=level))
    context = {
        "form": form,
        "selected": selected,
        "page": page,
        "query": querystring_without_page(request),
        "tree": tree_nodes(request.user),
    }
    template = "accounts/_org_table.html" if wants_fragment(request) else "accounts/org_browser.html"
    return render(request, template, context)


@login_required
@permission_required("accounts.view_orgunit", raise_exception=True)
def org_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_for(request.user, code)
    users = users_of_unit(request.user, unit)
    return render(
        request,
        "accounts/org_detail.html",
        {"unit": unit, "users": users, "children": unit.children.order_by("sort_order", "code")},
    )


@login_required
@permission_required("accounts.view_user", raise_exception=True)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, visible_users(request.user, text=text))
    template = "accounts/_user_table.html" if wants_fragment(request) else "accounts/user_list.html"
    return render(request, template, {"form": form, "page": page, "query": querystring_without_page(request)})


@login_required
@permission_required("accounts.add_user", raise_exception=True)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request,
            lambda: services.create_user(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                org=data["org"],
                roles=list(data["roles"]),
                display_name=data["display_name"],
            ),
            form=form,
            success=_("User %(name)s created.") % {"name": data["username"]},
        )
        if outcome.ok:
            _tell_pending(request, list(pending_grants_of(outcome.value)))
            return redirect("accounts:user_list")
        status = outcome.status
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")}, status=status)


def _tell_pending(request: HttpRequest, pending: list[RoleGrant]) -> None:
    for grant in pending:
        messages.info(
            request,
            _("The role %(role)s reads personal data: it takes effect when another officer approves it.")
            % {"role": grant.group.name},
        )


def _user_page(request: HttpRequest, target: User, form: Any, grant_form: Any, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "grant_form": grant_form,
        "title": target.username,
        "target": target,
        "assignments": assignments_of(target),
        "pending": pending_grants_of(target),
        "is_self": target.pk == request.user.pk,
    }
    return render(request, "accounts/user_edit.html", context, status=status)


@login_required
@permission_required("accounts.change_user", raise_exception=True)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for(request.user, pk, "change")
    initial = {"org": target.org, "is_active": target.is_active}
    form = UserEditForm(request.POST or None, actor=request.user, initial=initial)
    grant_form = RoleGrantForm(actor=request.user, initial={"org": target.org})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = call_service(
            request,
            lambda: services.update_user(actor=request.user, user=target, org=data["org"], is_active=data["is_active"]),
            form=form,
            success=_("User %(name)s updated.") % {"name": target.username},
        )
        if outcome.ok:
            return redirect("accounts:user_edit", pk=target.pk)
        return _user_page(request, target, form, grant_form, outcome.status)
    return _user_page(request, target, form, grant_form, 400 if form.errors else 200)


@login_required
@permission_required("accounts.change_user", raise_exception=True)
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    target = user_for(request.user, pk, "change")
    grant_form = RoleGrantForm(request.POST, actor=request.user)
    if grant_form.is_valid():
        data = grant_form.cleaned_data
        outcome = call_service(
            request,
            lambda: services.grant_role(actor=request.user, user=target, group=data["role"], org=data["org"]),
            form=grant_form,
        )
        if outcome.ok:
            if outcome.result is not None:
                _tell_pending(request, [outcome.result])
            else:
                messages.success(request, _("Role %(role)s granted.") % {"role": data["role"].name})
            return redirect("accounts:user_edit", pk=target.pk)
        status = outcome.status
    else:
        status = 400
    form = UserEditForm(actor=request.user, initial={"org": target.org, "is_active": target.is_active})
    return _user_page(request, target, form, grant_form, status)


@login_required
@permission_required("accounts.change_user", raise_exception=True)
@require_POST
def role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    assignment = assignment_for(request.user, pk, assignment_pk)
    call_service(
        request,
        lambda: services.revoke_role(actor=request.user, assignment=assignment),
        success=_("Role %(role)s revoked.") % {"role": assignment.group.name},
    )
    return redirect("accounts:user_edit", pk=pk)


@login_required
@permission_required("accounts.view_rolegrant", raise_exception=True)
def grant_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, visible_grants(request.user))
    return render(request, "accounts/grant_list.html", {"page": page, "query": querystring_without_page(request)})


@login_required
@permission_required("accounts.approve_rolegrant", raise_exception=True)
@require_POST
def grant_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("approve", "reject"):
        raise Http404
    grant = grant_for(request.user, pk)
    if decision == "approve":
        call_service(
            request,
            lambda: services.approve_role_grant(actor=request.user, grant=grant),
            success=_("Grant approved: %(user)s is now %(role)s.") % {"user": grant.user, "role": grant.group.name},
        )
    else:
        call_service(
            request,
            lambda: services.reject_role_grant(actor=request.user, grant=grant),
            success=_("Grant refused."),
        )
    return redirect("accounts:grant_list")


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own personal API tokens: create (shown once, with its expiry) and revoke."""
    user = cast(User, request.user)  # login_required: never anonymous here
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            outcome = call_service(
                request,
                lambda: services.issue_api_token(
                    actor=user, name=data["name"], days=data["days"] or DEFAULT_TOKEN_DAYS, read_only=data["read_only"]
                ),
                form=form,
            )
            if outcome.ok and outcome.result:
                new_token = outcome.result[1]
                form = ApiTokenForm()
            status = outcome.status
        else:
            status = 400
    context = {"form": form, "tokens": own_tokens(user), "new_token": new_token, "now": timezone.now()}
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    token = own_token_for(user, pk)  # one's own tokens only: others' are 404
    call_service(
        request,
        lambda: services.revoke_api_token(actor=user, token=token),
        success=_("Token %(name)s revoked.") % {"name": token.name},
    )
    return redirect("accounts:api_tokens")


@login_required
@permission_required("accounts.view_apitoken", raise_exception=True)
def token_list(request: HttpRequest) -> HttpResponse:
    """Every API token in the reader's scope with its owner, expiry and last use (the auditor's view)."""
    page = paginate(request, visible_tokens(request.user))
    context = {"page": page, "query": querystring_without_page(request), "now": timezone.now()}
    return render(request, "accounts/token_list.html", context)


@login_required
@permission_required("accounts.view_roleprofile", raise_exception=True)
def role_list(request: HttpRequest) -> HttpResponse:
    """角色管理: every role with its data scope, who grants it and its permissions in Chinese."""
    return render(request, "accounts/role_list.html", {"cards": role_cards(request.user)})


def _role_card(request: HttpRequest, key: str) -> Any:
    try:
        role_spec(key)
    except KeyError:
        raise Http404 from None
    cards = role_cards(request.user, only=key)
    if not cards:
        raise Http404
    return cards[0]


@login_required
@permission_required("accounts.view_roleprofile", raise_exception=True)
def role_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One role: its permissions, its holders inside the reader's scope, and (for an administrator who may
    grant it) a form to give it to an account; the granting rules are the service's."""
    card = _role_card(request, key)
    form = RoleHolderForm(request.POST or None, actor=request.user, initial={"org": getattr(request.user, "org", None)})
    may_grant = key in services.grantable_roles(request.user)
    status = 200
    if request.method == "POST":
        if not (may_grant and request.user.has_perm("accounts.change_user")):
            raise PermissionDenied
        status = _grant_from_role_page(request, card.group, form)
        if status == 302:
            return redirect("accounts:role_detail", key=key)
    page = paginate(request, role_holders(request.user, card.group))
    context = {"card": card, "page": page, "query": querystring_without_page(request), "form": form,
               "may_grant": may_grant and request.user.has_perm("accounts.change_user")}
    return render(request, "accounts/role_detail.html", context, status=status)


def _grant_from_role_page(request: HttpRequest, group: Any, form: RoleHolderForm) -> int:
    if not form.is_valid():
        return 400
    target = user_by_username(request.user, form.cleaned_data["username"], "change")
    if target is None:
        form.add_error("username", _("No such account within your scope."))
        return 400
    outcome = call_service(
        request,
        lambda: services.grant_role(actor=request.user, user=target, group=group, org=form.cleaned_data["org"]),
        form=form,
    )
    if not outcome.ok:
        return outcome.status
    if outcome.result is not None:
        _tell_pending(request, [outcome.result])
    else:
        messages.success(request, _("Role %(role)s granted.") % {"role": group.name})
    return 302
