"""Forms of the assistance pages. Money is typed in 元 (parse_yuan) and kept in fen; dates as staff type them."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.assistance.models import FactKind, ProgramKind
from bangfu.assistance.models.facts import fact_detail_dictionary
from bangfu.core.forms import ChineseDateField, YuanField
from bangfu.sysadmin.dictionaries import choices as dictionary_choices


def new_key() -> str:
    return uuid.uuid4().hex


class KeyedForm(forms.Form):
    """A hidden idempotency key made when the form is shown: a double submit pays once."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", new_key())
        super().__init__(*args, **kwargs)


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    starts_on = ChineseDateField(label=_("Starts on"))
    ends_on = ChineseDateField(label=_("Ends on"))
    visit_deadline = ChineseDateField(label=_("Visit deadline"), required=False)
    festival = forms.CharField(label=_("Festival"), max_length=40, required=False)
    budget = YuanField(label=_("Budget (yuan)"), required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AllocateForm(KeyedForm):
    unit = forms.ChoiceField(label=_("Unit"))
    amount = YuanField(label=_("Amount (yuan)"), allow_zero=False)
    memo = forms.CharField(label=_("Memo"), max_length=200, required=False)


class DisburseForm(KeyedForm):
    amount = YuanField(label=_("Amount (yuan)"), allow_zero=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)


class ReverseForm(KeyedForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class CampaignGroupForm(forms.Form):
    target_group = forms.ChoiceField(label=_("Target group"))
    priority = forms.IntegerField(label=_("Priority"), min_value=1, max_value=99)
    standard = YuanField(label=_("Standard per person (yuan)"))
    goods_note = forms.CharField(label=_("Goods"), max_length=100, required=False)


class QuotaForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    group = forms.ChoiceField(label=_("Group"))
    max_people = forms.IntegerField(label=_("Quota (people)"), min_value=0)


class BuildForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why it is sent back"), max_length=300)


class EntryAddForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"))
    group = forms.ChoiceField(label=_("Group"))
    amount = YuanField(label=_("Amount (yuan)"))
    reason = forms.CharField(label=_("Reason"), max_length=150)


class EntryEditForm(forms.Form):
    amount = YuanField(label=_("Amount (yuan)"))
    included = forms.BooleanField(label=_("Included"), required=False)
    note = forms.CharField(label=_("Note"), max_length=150, required=False)


class VisitForm(KeyedForm):
    visited_at = forms.DateTimeField(label=_("Visited at"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    cash = YuanField(label=_("Cash (yuan)"), required=False)
    fubao_count = forms.IntegerField(label=_("Gift bags (福包)"), min_value=0, initial=0, required=False)
    goods_description = forms.CharField(label=_("Goods"), max_length=200, required=False)
    goods_value = YuanField(label=_("Value of goods (yuan)"), required=False)
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    signature_data = forms.CharField(widget=forms.HiddenInput, required=False)
    signature_file = forms.FileField(label=_("Signature (image)"), required=False,
                                     widget=forms.ClearableFileInput(attrs={"accept": "image/*"}))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FactForm(forms.Form):
    person = forms.ChoiceField(label=_("Person"))
    kind = forms.ChoiceField(label=_("Kind"), choices=FactKind.choices)
    detail = forms.ChoiceField(label=_("Detail"))
    number = forms.IntegerField(label=_("Number (e.g. years)"), min_value=0, required=False)
    valid_from = ChineseDateField(label=_("Valid from"))
    valid_to = ChineseDateField(label=_("Valid to"), required=False)
    evidence = forms.CharField(label=_("Evidence"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Grouped by kind, as the administrators keep each list (字典管理); the service checks the pair.
        self.fields["detail"].choices = [  # type: ignore[attr-defined]
            (label, dictionary_choices(fact_detail_dictionary(kind))) for kind, label in FactKind.choices]


class ClaimForm(KeyedForm):
    program = forms.ChoiceField(label=_("Program"))
    household = forms.ChoiceField(label=_("Household"))
    incurred_on = ChineseDateField(label=_("Incurred on"))
    hospital = forms.CharField(label=_("Hospital"), max_length=100, required=False)
    total_cost = YuanField(label=_("Total cost (yuan)"), allow_zero=False)
    insurance = YuanField(label=_("Insurance reimbursement (yuan)"), required=False)
    other_aid = YuanField(label=_("Other aid (yuan)"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)


class TopUpForm(KeyedForm):
    amount = YuanField(label=_("Extra amount (yuan)"), allow_zero=False)
    reason = forms.CharField(label=_("Why more than the approved amount"), max_length=300, widget=forms.Textarea(
        attrs={"rows": 3}))


class ReopeningForm(forms.Form):
    """Asking to reopen a closed campaign: on an approved decision, until a new end date."""

    new_ends_on = ChineseDateField(label=_("New end date"))
    decision_ref = forms.CharField(label=_("Decision reference"), max_length=100,
                                   help_text=_("The reference number of the decision approving the reopening."))
    reason = forms.CharField(label=_("Why the campaign must run again"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 3}))
