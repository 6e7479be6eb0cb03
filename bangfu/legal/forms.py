"""Forms of the legal aid pages: dates as staff type them, money in 元, claimants pasted from Excel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core.forms import ChineseDateField, YuanField
from bangfu.core.money import MoneyError, parse_yuan
from bangfu.jobs.forms import _OrgFormMixin
from bangfu.legal import queries
from bangfu.legal.models import (
    Channel,
    DisputeType,
    LawFirm,
    Lawyer,
    LegalAidStation,
    Outcome,
    ServiceType,
)
from bangfu.legal.services import ClaimantIn

YES = {"是", "y", "yes", "1", "农民工", "true"}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)


class StationForm(_OrgFormMixin, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    served_units = forms.ModelMultipleChoiceField(label=_("Further units served"), queryset=OrgUnit.objects.none(),
                                                  required=False)

    class Meta:
        model = LegalAidStation
        fields = ["org", "name", "kind", "address", "phone", "partner_department", "served_units"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, LegalAidStation)
        served = self.fields["served_units"]
        served.queryset = self.fields["org"].queryset  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["org"]


class FirmForm(_OrgFormMixin, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    contract_start = ChineseDateField(label=_("Contract start"))
    contract_end = ChineseDateField(label=_("Contract end"))

    class Meta:
        model = LawFirm
        fields = ["org", "name", "uscc", "contract_start", "contract_end", "phone"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, LawFirm)
        if self.instance.pk:
            del self.fields["org"]


class LawyerForm(_OrgFormMixin, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    specialities = forms.MultipleChoiceField(label=_("Specialities"), choices=DisputeType.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Lawyer
        fields = ["org", "firm", "name", "kind", "licence_no", "specialities", "phone", "active"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, Lawyer)
        self.fields["firm"].queryset = queries.firms(actor)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["org"]


def parse_claimant_lines(text: str) -> list[ClaimantIn]:
    """One claimant a line, columns separated by tabs (pasted from Excel, where an amount may read 15,000), else by
    commas or 、:
    姓名, 身份证号, 请求金额（元）, 农民工（是/否）, 家庭人口, 家庭月收入（元）. Only the name is required."""
    claimants = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if "\t" in line:  # pasted from Excel: tabs part the cells, and 15,000 is one amount
            cells = line.split("\t")
        else:
            for separator in ("，", "、"):
                line = line.replace(separator, ",")
            cells = line.split(",")
        cells = [cell.strip() for cell in cells] + [""] * 6
        name, id_number, claimed, migrant, size, income = cells[:6]
        try:
            claimed_fen = parse_yuan(claimed) if claimed else 0
            income_fen = parse_yuan(income) if income else None
        except MoneyError as exc:
            raise forms.ValidationError(f"第 {number} 行：{exc}") from None
        if size and not size.isdecimal():
            raise forms.ValidationError(f"第 {number} 行：家庭人口“{size}”应为整数")
        claimants.append(ClaimantIn(name=name, id_number=id_number, claimed_fen=claimed_fen,
                                    migrant_worker=migrant.lower() in YES, household_size=int(size) if size else None,
                                    declared_income_fen=income_fen))
    if not claimants:
        raise forms.ValidationError("至少填写一位申请人")
    return claimants


class IntakeForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=LegalAidStation.objects.none())
    intake_date = ChineseDateField(label=_("Intake date"))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    employer_name = forms.CharField(label=_("Employer"), max_length=100)
    employer_uscc = forms.CharField(label=_("Employer credit code"), max_length=18, required=False)
    dispute_type = forms.ChoiceField(label=_("Dispute type"), choices=DisputeType.choices)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    knew_on = ChineseDateField(label=_("Worker knew of the infringement on"), required=False)
    summary = forms.CharField(label=_("Facts of the case"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              max_length=5000)
    claimants = forms.CharField(
        label=_("Claimants"), widget=forms.Textarea(attrs={"rows": 6}), max_length=100_000,
        help_text=_("One claimant a line (paste from Excel): name, ID number, amount claimed (元), migrant worker "
                    "(是/否), household size, household monthly income (元). Several lines make a collective case."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = queries.stations(actor, action="view")  # type: ignore[attr-defined]

    def clean_claimants(self) -> list[ClaimantIn]:
        return parse_claimant_lines(self.cleaned_data["claimants"])


class AssignForm(forms.Form):
    lawyer = forms.ModelChoiceField(label=_("Lawyer"), queryset=Lawyer.objects.none())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = scoped(Lawyer.objects.filter(active=True), actor)  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    closed_on = ChineseDateField(label=_("Closed on"), required=False)
    closing_report = forms.CharField(label=_("Closing report"), widget=forms.Textarea(attrs={"rows": 3}),
                                     required=False, max_length=5000)


class ClaimantForm(forms.Form):
    plan = forms.CharField(label=_("Aid plan"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                           max_length=2000)
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), *Outcome.choices], required=False)
    recovered = YuanField(label=_("Amount recovered (元)"), required=False)
    settled_on = ChineseDateField(label=_("Settled on"), required=False)
    household_size = forms.IntegerField(label=_("Household size"), required=False, min_value=1, max_value=30)
    declared_income = YuanField(label=_("Declared monthly household income (元)"), required=False)


class NewClaimantForm(forms.Form):
    """One more worker joining a collective case (集体案件追加申请人)."""

    name = forms.CharField(label=_("Claimant name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    claimed = YuanField(label=_("Amount claimed (元)"), required=False)
    household_size = forms.IntegerField(label=_("Household size"), required=False, min_value=1, max_value=30)
    declared_income = YuanField(label=_("Declared monthly household income (元)"), required=False)

    def claimant(self) -> ClaimantIn:
        data = self.cleaned_data
        return ClaimantIn(name=data["name"], id_number=data["id_number"], phone=data["phone"],
                          migrant_worker=data["migrant_worker"], claimed_fen=data["claimed"] or 0,
                          household_size=data["household_size"], declared_income_fen=data["declared_income"])


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    upload = forms.FileField(label=_("File"))


class ReportForm(forms.Form):
    since = ChineseDateField(label=_("From"), required=False)
    until = ChineseDateField(label=_("To"), required=False)
    station = forms.ModelChoiceField(label=_("Station"), queryset=LegalAidStation.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = queries.stations(actor)  # type: ignore[attr-defined]
