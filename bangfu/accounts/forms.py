from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, OrgLevel, OrgUnit, User
from bangfu.accounts.scoping import scoped_for
from bangfu.accounts.services import grantable_roles


class OrgSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=50)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *OrgLevel.choices])


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Username or name"), required=False, max_length=50)


class _UnitChoiceMixin:
    """Units offered: those the actor manages users at; roles offered: those the actor's roles may grant."""

    fields: dict[str, Any]

    def limit_units(self, actor: Any) -> None:
        field = self.fields["org"]
        field.queryset = scoped_for(actor, OrgUnit.objects.all(), "accounts.change_user").order_by("path")
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name
        if "roles" in self.fields:
            self.fields["roles"].queryset = grantable_groups(actor)


def grantable_groups(actor: Any) -> Any:
    return Group.objects.filter(role_profile__key__in=grantable_roles(actor)).order_by("id")


class UserCreateForm(_UnitChoiceMixin, forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        max_length=30,
        error_messages={"invalid": _("3–30 letters, digits, '_', '.' or '-'.")},
    )
    display_name = forms.CharField(label=_("Display name"), max_length=50, required=False)
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Group.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_units(actor)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            try:
                validate_password(password, User(username=cleaned.get("username", "")))
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class UserEditForm(_UnitChoiceMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_units(actor)


class RoleGrantForm(_UnitChoiceMixin, forms.Form):
    """Give one role at one unit; roles that read personal data wait for a second person's approval."""

    role = forms.ModelChoiceField(label=_("Role"), queryset=Group.objects.none())
    org = forms.ModelChoiceField(label=_("Unit of the role"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_units(actor)
        self.fields["role"].queryset = grantable_groups(actor)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
        required=False,
        help_text=_("Empty: %(days)s days.") % {"days": DEFAULT_TOKEN_DAYS},
    )
    read_only = forms.BooleanField(label=_("Read only (GET requests only)"), required=False)


class RoleHolderForm(_UnitChoiceMixin, forms.Form):
    """Give the role of the page to an account, typed by its username, at a unit the actor manages."""

    username = forms.CharField(label=_("Account (username)"), max_length=150,
                               error_messages={"required": _("Please enter the username.")})
    org = forms.ModelChoiceField(label=_("Unit of the role"), queryset=OrgUnit.objects.none(),
                                 error_messages={"required": _("Please choose the unit of the role."),
                                                 "invalid_choice": _("Please choose a unit from the list.")})

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_units(actor)
