"""Forms of the ventures pages: money typed in 元, dates as staff type them, units and funds offered in scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.assistance.models import Fund
from bangfu.core.forms import ChineseDateField, YuanField
from bangfu.people.models import Person
from bangfu.ventures.models import Level, ProjectStatus, RepaymentPlan, SubsidyPolicy


def _units(actor: Any, permission: str) -> Any:
    units = scoped(OrgUnit.objects.all(), actor) if actor.has_perm(permission) else OrgUnit.objects.none()
    return units.order_by("path")


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return ("　" * max(obj.depth - 1, 0)) + obj.name


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *ProjectStatus.choices])
    level = forms.ChoiceField(label=_("Level of recognition"), required=False, choices=[("", "—"), *Level.choices])


class ProjectForm(forms.Form):
    org = UnitField(label=_("Unit"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Project name"), max_length=100)
    sector = forms.CharField(label=_("Sector"), max_length=50)
    level = forms.ChoiceField(label=_("Level of recognition"), choices=Level.choices)
    applicant = forms.ModelChoiceField(label=_("Applicant"), queryset=Person.objects.none(), required=False)
    group_name = forms.CharField(label=_("Group applicant"), max_length=100, required=False,
                                 help_text=_("A cooperative or partnership, when there is no single applicant"))
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    submitted_on = ChineseDateField(label=_("Submitted on"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField)
                                          else "form-control")
        units = _units(actor, "ventures.add_ventureproject")
        self.fields["org"].queryset = units  # type: ignore[attr-defined]
        self.fields["applicant"].queryset = scoped(Person.objects.all(), actor).order_by(  # type: ignore[attr-defined]
            "name_pinyin", "pk")
        if actor.org is not None:
            self.fields["org"].initial = actor.org.pk


class LoanForm(forms.Form):
    bank = forms.CharField(label=_("Bank"), max_length=100)
    contract_number = forms.CharField(label=_("Contract number"), max_length=50)
    principal = YuanField(label=_("Principal (yuan)"), allow_zero=False)
    annual_rate = forms.DecimalField(label=_("Annual rate (%)"), max_digits=7, decimal_places=4, min_value=0,
                                     max_value=99)
    start_on = ChineseDateField(label=_("Start date"))
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=120)
    plan = forms.ChoiceField(label=_("Repayment plan"), choices=RepaymentPlan.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field, forms.ChoiceField)
                                          else "form-control")


class RepaymentForm(forms.Form):
    number = forms.IntegerField(label=_("Instalment"), min_value=1, max_value=120)
    paid_on = ChineseDateField(label=_("Paid on"))
    principal = YuanField(label=_("Principal repaid (yuan)"))
    interest = YuanField(label=_("Interest repaid (yuan)"))
    reference = forms.CharField(label=_("Bank reference"), max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class EmployedForm(forms.Form):
    worker_name = forms.CharField(label=_("Worker employed"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    employed_on = ChineseDateField(label=_("Employed on"))
    post = forms.CharField(label=_("Post"), max_length=50, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class UploadForm(forms.Form):
    upload = forms.FileField(label=_("Excel file (.xlsx)"))

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an .xlsx file."))
        return upload


class PolicyTermsForm(forms.Form):
    share_percent = forms.DecimalField(label=_("Share subsidised (%)"), max_digits=5, decimal_places=2,
                                       min_value=0, max_value=100)
    cap_per_year = YuanField(label=_("Cap per project and year (yuan)"), required=False,
                             help_text=_("Empty: no cap"))
    cap_per_project = YuanField(label=_("Cap per project (yuan)"), required=False, help_text=_("Empty: no cap"))
    grace_days = forms.IntegerField(label=_("Grace days for on-time repayment"), min_value=0, max_value=90)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"share_percent": data["share_percent"], "cap_per_year_fen": data["cap_per_year"],
                "cap_per_project_fen": data["cap_per_project"], "grace_days": data["grace_days"]}


class PolicyEditForm(PolicyTermsForm):
    note = forms.CharField(label=_("Reason for the change"), max_length=200)


class PolicyCreateForm(PolicyTermsForm):
    org = UnitField(label=_("Unit"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    fund = forms.ModelChoiceField(label=_("Paying fund"), queryset=Fund.objects.none())

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = _units(actor, "ventures.add_subsidypolicy")  # type: ignore[attr-defined]
        self.fields["fund"].queryset = scoped(Fund.objects.all(), actor).order_by("name")  # type: ignore[attr-defined]
        self.fields["org"].widget.attrs["class"] = self.fields["fund"].widget.attrs["class"] = "form-select"
        self.order_fields(["org", "name", "fund"])


class RunForm(forms.Form):
    policy: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Policy"),
                                                                 queryset=SubsidyPolicy.objects.none())
    period_start = ChineseDateField(label=_("Period start"))
    period_end = ChineseDateField(label=_("Period end"))

    def __init__(self, *args: Any, policies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies  # type: ignore[attr-defined]
        self.fields["policy"].widget.attrs["class"] = "form-select"
        for name in ("period_start", "period_end"):
            self.fields[name].widget.attrs["class"] = "form-control"


class ReportForm(forms.Form):
    org = forms.CharField(label=_("Unit code"), required=False, max_length=20)
    start = ChineseDateField(label=_("From"), required=False)
    end = ChineseDateField(label=_("To"), required=False)
