from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.queries import visible_units


class OrgSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=50)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *OrgLevel.choices])


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Username or name"), required=False, max_length=50)


class _UnitChoiceMixin:
    def limit_units(self, actor: Any) -> None:
        field = self.fields["org"]  # type: ignore[attr-defined]
        field.queryset = visible_units(actor).order_by("path")
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name
        self.fields["roles"].queryset = Group.objects.filter(role_profile__isnull=False).order_by("id")  # type: ignore[attr-defined]


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


class UserRolesForm(_UnitChoiceMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Group.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_units(actor)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
