"""Forms of the worker's pages and the staff pages: presentation only; each builds a service's input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.channel import queries
from bangfu.channel.models import Complexity, TicketCategory, Urgency
from bangfu.channel.selftest import EXCLUSIONS
from bangfu.core.money import MoneyError, parse_yuan
from bangfu.legal.models import DisputeType, ServiceType
from bangfu.people.models import Cause, EmploymentStatus, Relation

MEMBER_ROWS = 5


class YuanField(forms.CharField):
    """An amount in 元 as people type it (`1,234.5`, `1.2万`), cleaned to fen by the one money parser."""

    def clean(self, value: Any) -> int:
        text = super().clean(value)
        if not text:
            return 0
        try:
            fen = parse_yuan(text)
        except MoneyError as exc:
            raise forms.ValidationError(str(exc)) from None
        if fen < 0:
            raise forms.ValidationError(_("Cannot be negative."))
        return fen


def street_choices() -> list[tuple[Any, Any]]:
    """Streets grouped by district, as a worker looks for theirs."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in queries.streets():
        groups.setdefault(unit.parent.name if unit.parent else "", []).append((unit.pk, unit.name))
    return [("", "—")] + [(district, rows) for district, rows in groups.items()]


class StreetField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=street_choices, coerce=int, **kwargs)

    def clean(self, value: Any) -> OrgUnit:
        return queries.street(super().clean(value))


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile number"), max_length=20)


class CodeForm(forms.Form):
    phone = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(label=_("Verification code"), max_length=6, min_length=6)


class RealNameForm(forms.Form):
    name = forms.CharField(label=_("Real name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=20)


class SelfTestForm(forms.Form):
    street = StreetField(label=_("Street or township of your home"))
    household_size = forms.IntegerField(label=_("People in the household"), min_value=1, max_value=20)
    monthly_income = YuanField(label=_("Household income a month (yuan)"), required=False)
    essential_costs = YuanField(label=_("Essential costs a month: medical, schooling (yuan)"), required=False)
    exclusions = forms.MultipleChoiceField(label=_("Does any of these apply to your household?"), required=False,
                                           choices=list(EXCLUSIONS.items()), widget=forms.CheckboxSelectMultiple)


class HardshipForm(forms.Form):
    street = StreetField(label=_("Street or township of your home"))
    address = forms.CharField(label=_("Home address"), max_length=200)
    primary_cause = forms.ChoiceField(label=_("Main cause of hardship"), choices=Cause.choices)
    note = forms.CharField(label=_("What happened (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree to the check of income and property (consent below)"))


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=20, required=False)
    relation = forms.ChoiceField(label=_("Relation to you"), choices=Relation.choices, initial=Relation.CHILD)
    employment_status = forms.ChoiceField(label=_("Work"), choices=EmploymentStatus.choices)
    monthly_income = YuanField(label=_("Income a month (yuan)"), required=False)
    has_major_illness = forms.BooleanField(label=_("Major illness"), required=False)
    disability_or_mental_illness = forms.BooleanField(label=_("Disability or mental illness"), required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=MEMBER_ROWS - 1, max_num=20)


class LegalForm(forms.Form):
    street = StreetField(label=_("Street or township where you work or live"))
    employer_name = forms.CharField(label=_("Employer"), max_length=100)
    dispute_type = forms.ChoiceField(label=_("What the dispute is about"), choices=DisputeType.choices)
    service_type = forms.ChoiceField(label=_("Help you need"), choices=ServiceType.choices)
    summary = forms.CharField(label=_("What happened"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))
    knew_on = forms.DateField(label=_("When you learnt of it"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    claimed = YuanField(label=_("Amount owed to you (yuan)"), required=False)
    migrant_worker = forms.BooleanField(label=_("I am a migrant worker"), required=False)
    household_size = forms.IntegerField(label=_("People in the household"), min_value=1, max_value=30,
                                        required=False)
    declared_income = YuanField(label=_("Household income a month (yuan)"), required=False)
    consent = forms.BooleanField(label=_("I agree to the check of income and property (consent below)"))


class TrainingForm(forms.Form):
    street = StreetField(label=_("Street or township of your home"))
    address = forms.CharField(label=_("Home address"), max_length=200)
    wish = forms.CharField(label=_("What you want to learn"), max_length=200)
    free_time = forms.CharField(label=_("When you are free (optional)"), max_length=100, required=False)
    note = forms.CharField(label=_("Anything else (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.BooleanField(label=_("I agree that my details go to the trainer (consent below)"))


class JobForm(forms.Form):
    street = StreetField(label=_("Street or township of your home"))
    address = forms.CharField(label=_("Home address"), max_length=200)
    wish = forms.CharField(label=_("The work you look for"), max_length=200)
    wage_floor = YuanField(label=_("Lowest monthly wage you accept (yuan)"), required=False)
    free_time = forms.CharField(label=_("When you can work (optional)"), max_length=100, required=False)
    experience = forms.CharField(label=_("Your experience and skills (optional)"), max_length=500, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Anything else (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    consent = forms.BooleanField(label=_("I agree that my details go to the employer (consent below)"))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How was the service?"), coerce=int,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)], widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything to tell us (optional)"), max_length=200, required=False)


class WebTicketForm(forms.Form):
    street = StreetField(label=_("Street or township where you live"))
    category = forms.ChoiceField(label=_("What it is about"), choices=TicketCategory.choices)
    summary = forms.CharField(label=_("Your request"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


# --- staff -------------------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    staff_phone = forms.CharField(label=_("Your work phone for the worker"), max_length=20, required=False)
    text = forms.CharField(label=_("Reason or what is needed"), max_length=200, required=False)
    station = forms.IntegerField(label=_("Legal aid station"), required=False)
    case = forms.IntegerField(label=_("Collective case the worker joins"), required=False)
    course = forms.IntegerField(label=_("Home training course"), required=False)
    opening = forms.IntegerField(label=_("Opening to refer to"), required=False)


class TicketForm(forms.Form):
    caller_name = forms.CharField(label=_("Caller"), max_length=50)
    caller_phone = forms.CharField(label=_("Caller's phone"), max_length=20)
    region_code = forms.CharField(label=_("Caller's region code (district or street)"), max_length=12)
    address = forms.CharField(label=_("Caller's address"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=TicketCategory.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    complexity = forms.ChoiceField(label=_("Complexity"), choices=Complexity.choices)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class TicketStepForm(forms.Form):
    text = forms.CharField(label=_("Note or answer"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), coerce=int, required=False, empty_value=None,
                                          choices=[("", "—")] + [(n, str(n)) for n in range(5, 0, -1)])
    to_org = forms.CharField(label=_("Pass to unit (code)"), max_length=32, required=False)
    station = forms.IntegerField(label=_("Legal aid station"), required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=100, required=False)
    dispute_type = forms.ChoiceField(label=_("Dispute type"), choices=DisputeType.choices, required=False)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices, required=False)
    id_number = forms.CharField(label=_("Caller's ID number"), max_length=30, required=False)
    primary_cause = forms.ChoiceField(label=_("Main cause of hardship"), choices=Cause.choices, required=False)
    opening = forms.IntegerField(label=_("Opening to refer to"), required=False)


class ReportForm(forms.Form):
    org = forms.CharField(label=_("Unit code"), max_length=32, required=False)
    since = forms.DateField(label=_("From"), required=False)
    until = forms.DateField(label=_("To"), required=False)
