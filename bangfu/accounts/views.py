"""Pages of the platform shell: home, organisation browser, user management. Thin: read via queries."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.accounts import services
from bangfu.accounts.forms import ApiTokenForm, OrgSearchForm, UserCreateForm, UserRolesForm, UserSearchForm
from bangfu.accounts.models import ApiToken, OrgUnit, User
from bangfu.accounts.queries import search_units, tree_nodes, visible_units, visible_users
from bangfu.accounts.scoping import get_scoped_or_404
from bangfu.core.home import home_stats
from bangfu.core.http import wants_fragment
from bangfu.core.pagination import paginate, querystring_without_page


@login_required
def home(request: HttpRequest) -> HttpResponse:
    stats = [
        {"label": stat.label, "value": stat.count(request.user), "url_name": stat.url_name} for stat in home_stats()
    ]
    return render(request, "accounts/home.html", {"stats": stats})


@login_required
@permission_required("accounts.view_orgunit", raise_exception=True)
def org_browser(request: HttpRequest) -> HttpResponse:
    selected: OrgUnit | None = None
    if request.GET.get("unit"):
        selected = get_scoped_or_404(OrgUnit.objects.all(), request.user, "view", code=request.GET["unit"])
    form = OrgSearchForm(request.GET or None)
    text = level = ""
    if form.is_valid():
        text, level = form.cleaned_data["q"], form.cleaned_data["level"]
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
    unit = get_scoped_or_404(OrgUnit.objects.select_related("parent"), request.user, "view", code=code)
    users = (
        visible_users(request.user, under=unit).filter(org=unit)
        if request.user.has_perm("accounts.view_user")
        else User.objects.none()
    )
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_user(
            actor=request.user,
            username=data["username"],
            password=data["password"],
            org=data["org"],
            roles=list(data["roles"]),
            display_name=data["display_name"],
        )
        messages.success(request, _("User %(name)s created.") % {"name": data["username"]})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": _("New user")})


@login_required
@permission_required("accounts.change_user", raise_exception=True)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_scoped_or_404(User.objects.all(), request.user, "change", pk=pk)
    initial = {"org": target.org, "roles": target.groups.all(), "is_active": target.is_active}
    form = UserRolesForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_user_roles(
            actor=request.user, user=target, org=data["org"], roles=list(data["roles"]), is_active=data["is_active"]
        )
        messages.success(request, _("User %(name)s updated.") % {"name": target.username})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "title": target.username, "target": target})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own personal API tokens: create (shown once) and revoke."""
    user = cast(User, request.user)  # login_required: never anonymous here
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        _row, new_token = services.issue_api_token(actor=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at")
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast(User, request.user)
    token = get_object_or_404(ApiToken, pk=pk, user=user)  # one's own tokens only: others' are 404
    services.revoke_api_token(actor=user, token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")
