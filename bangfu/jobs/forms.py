"""Forms of the jobs pages: money typed in 元, dates as staff type them, lists as text, districts by name."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped
from bangfu.core.forms import ChineseDateField, YuanField
from bangfu.jobs.dictionaries import ACCOMMODATION
from bangfu.jobs.fields import WeeklySlotsFormField
from bangfu.jobs.models import (
    Accommodation,
    Employer,
    Opening,
    RetentionOutcome,
    SeekerProfile,
)
from bangfu.jobs.queries import district_choices
from bangfu.jobs.services import clean_list
from bangfu.matching.engine import ALL_WEEK
from bangfu.sysadmin.dictionaries import choices as dictionary_choices


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class ListField(forms.CharField):
    """Words separated by 、，, ; or spaces, cleaned to a list; shown joined with 、."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "、".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        return clean_list(super().to_python(value) or "")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)


class _OrgFormMixin:
    """The unit field lists the units the actor may add records in."""

    def limit_org(self, actor: Any, model: type[Any]) -> None:
        field = self.fields["org"]  # type: ignore[attr-defined]
        permission = f"{model._meta.app_label}.add_{model._meta.model_name}"
        units = scoped(OrgUnit.objects.all(), actor) if actor.has_perm(permission) else OrgUnit.objects.none()
        field.queryset = units.order_by("path")
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name
        if actor.org is not None and not field.initial:
            field.initial = actor.org.pk


class EmployerForm(_OrgFormMixin, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    district_code = forms.ChoiceField(label=_("District"), required=False)

    class Meta:
        model = Employer
        fields = ["org", "name", "uscc", "contact_name", "contact_phone", "district_code", "address"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, Employer)
        _choice_field(self, "district_code").choices = [("", "—"), *district_choices(actor.org)]
        if self.instance.pk:
            del self.fields["org"]


class OpeningForm(_OrgFormMixin, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    tags = ListField(label=_("Tags"), required=False, help_text=_("Separate with 、 or spaces."))
    district_code = forms.ChoiceField(label=_("District"))
    wage_min_fen = YuanField(label=_("Minimum monthly wage (元)"))
    wage_max_fen = YuanField(label=_("Maximum monthly wage (元)"), required=False)
    shift_slots = WeeklySlotsFormField(
        label=_("Shifts"), empty_mask=0,
        help_text=_("For example 周一至周五 09–18 时、周六 09–12 时; blank means no fixed hours."),
    )
    accommodations = forms.MultipleChoiceField(label=_("Accommodations"), required=False,
                                               choices=Accommodation.choices, widget=forms.CheckboxSelectMultiple)
    valid_until = ChineseDateField(label=_("Valid until"), required=False)

    class Meta:
        model = Opening
        fields = [
            "org", "employer", "title", "occupation_code", "tags", "description", "district_code", "street_code",
            "wage_min_fen", "wage_max_fen", "shift_slots", "positions", "requirements", "accommodations",
            "valid_until",
        ]
        help_texts = {"occupation_code": _("A code of the 2022 occupation classification, e.g. 4-01-02-01.")}

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, Opening)
        employers = cast(forms.ModelChoiceField, self.fields["employer"])
        employers.queryset = scoped(Employer.objects.all(), actor).order_by("name")
        _choice_field(self, "district_code").choices = district_choices(actor.org)
        _accommodation_choices(self, "accommodations", self.instance.accommodations or [])
        if self.instance.pk:
            del self.fields["org"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("wage_min_fen") is not None and cleaned.get("wage_max_fen") is None:
            cleaned["wage_max_fen"] = cleaned["wage_min_fen"]
        return cleaned

    def _post_clean(self) -> None:
        """Model validation runs in the service, which reports every field in Chinese."""


def _accommodation_choices(form: forms.BaseForm, name: str, held: list[str]) -> None:
    """Accommodations as the administrator keeps them (字典管理); what a record holds stays ticked."""
    _choice_field(form, name).choices = dictionary_choices(ACCOMMODATION, keep=held)


class SeekerProfileForm(forms.ModelForm):
    tags = ListField(label=_("Skills and tags"), required=False, help_text=_("Separate with 、 or spaces."))
    certificates = ListField(label=_("Certificates"), required=False)
    intended_occupations = ListField(label=_("Intended occupations"), required=False,
                                     help_text=_("Codes of the 2022 occupation classification, e.g. 4-01-02."))
    home_district = forms.ChoiceField(label=_("Home district"), required=False)
    acceptable_districts = forms.MultipleChoiceField(label=_("Acceptable districts"), required=False,
                                                     widget=forms.CheckboxSelectMultiple,
                                                     help_text=_("None ticked means any district."))
    free_slots = WeeklySlotsFormField(label=_("Free time"), empty_mask=ALL_WEEK,
                                      help_text=_("For example 周一至周五 09–15 时; blank means any time."))
    wage_floor_fen = YuanField(label=_("Lowest acceptable monthly wage (元)"), required=False)
    needs = forms.MultipleChoiceField(label=_("Accommodations needed"), required=False,
                                      choices=Accommodation.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = SeekerProfile
        fields = [
            "status", "tags", "certificates", "intended_occupations", "intention", "experience", "home_district",
            "acceptable_districts", "commute_limit_km", "free_slots", "wage_floor_fen", "needs", "caring_duties",
            "has_disability", "constraints_note", "employment_difficulty",
        ]
        widgets = {
            "constraints_note": forms.Textarea(attrs={"rows": 2}),
            "experience": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = district_choices(actor.org)
        _choice_field(self, "home_district").choices = [("", "—"), *choices]
        _choice_field(self, "acceptable_districts").choices = choices
        _accommodation_choices(self, "needs", self.instance.needs or [])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("wage_floor_fen") is None:
            cleaned["wage_floor_fen"] = 0
        return cleaned

    def _post_clean(self) -> None:
        """Model validation runs in the service."""


class ReferralStepForm(forms.Form):
    """One step of a referral: the date, and for 未录用 / 拒绝 the reason."""

    on = ChineseDateField(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RetentionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect, choices=[
        (RetentionOutcome.EMPLOYED, RetentionOutcome.EMPLOYED.label),
        (RetentionOutcome.LEFT, RetentionOutcome.LEFT.label),
    ])
    checked_on = ChineseDateField(label=_("Checked on"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(_OrgFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    upload = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args: Any, actor: Any, model: type[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_org(actor, model)

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Please upload an .xlsx file."))
        return upload
