"""Forms of the honours pages: presentation only; each builds the input of the service the API also calls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.scoping import scoped
from bangfu.assistance.models import Fund
from bangfu.core.money import MoneyError, parse_yuan
from bangfu.honours.models import CareKind, HonourTitle, TitleLevel


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Holder"), required=False, max_length=50)
    title = forms.ModelChoiceField(label=_("Title"), queryset=HonourTitle.objects.all(), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—"), *TitleLevel.choices], required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1950, max_value=2100)
    unit = forms.CharField(label=_("Unit code"), required=False, max_length=20)


class UploadForm(forms.Form):
    upload = forms.FileField(label=_("Spreadsheet (.xlsx)"))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason revoked"), max_length=200)


class CareForm(forms.Form):
    kind = forms.ChoiceField(label=_("Service"), choices=CareKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1950, max_value=2100)
    amount = forms.CharField(label=_("Amount (yuan)"), max_length=20)
    fund = forms.ModelChoiceField(label=_("Paying fund"), queryset=Fund.objects.none())
    note = forms.CharField(label=_("Health or hardship note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = scoped(Fund.objects.select_related("program"), actor, "view")  # type: ignore[attr-defined]

    def clean_amount(self) -> int:
        try:
            return parse_yuan(self.cleaned_data["amount"])
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Decision note"), required=False, max_length=200)


class PlanForm(forms.Form):
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("To"))


class TalkRecordForm(forms.Form):
    held = forms.TypedChoiceField(label=_("Outcome"), coerce=lambda v: v == "1",
                                  choices=[("1", _("Held")), ("0", _("Cancelled"))])
    audience = forms.IntegerField(label=_("Audience"), min_value=0, max_value=100_000)
    report = forms.CharField(label=_("Short report"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))


class ResultForm(forms.Form):
    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=10_000)
    score = forms.DecimalField(label=_("Score"), required=False, min_value=0, max_value=1000, decimal_places=2)
    title_won = forms.ModelChoiceField(label=_("Title won"), queryset=HonourTitle.objects.filter(is_active=True),
                                       required=False)
    certificate = forms.CharField(label=_("Certificate"), required=False, max_length=100)


class ReportForm(forms.Form):
    org = forms.CharField(label=_("Unit code"), required=False, max_length=20)
