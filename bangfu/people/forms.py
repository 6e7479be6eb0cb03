"""Forms of the register's pages. They parse and shape input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.accounts.models import OrgUnit, User
from bangfu.accounts.scoping import scoped
from bangfu.core.forms import PickerDateField, YuanField
from bangfu.core.idnumbers import IdNumberError, parse_id_number
from bangfu.core.normalize import ID_INPUT_LENGTH, PHONE_INPUT_LENGTH
from bangfu.people.dictionaries import RELATION
from bangfu.people.models import (
    Cause,
    EmploymentStatus,
    EvidenceKind,
    FileLevel,
    FileStatus,
    HukouType,
    Relation,
    Tier,
)
from bangfu.people.queries import STORES, contact_choices, district_choices
from bangfu.sysadmin.dictionaries import choices as dictionary_choices


class FileSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin or initials"), required=False, max_length=50)
    district = forms.ChoiceField(label=_("District"), required=False)
    cause = forms.ChoiceField(label=_("Cause"), required=False, choices=[("", _("All causes")), *Cause.choices])
    tier = forms.ChoiceField(label=_("Tier"), required=False, choices=[("", _("All tiers")), *Tier.choices])
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, user: Any, store: str = "register", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts")), *district_choices(user)]  # type: ignore[attr-defined]
        statuses = [(value, label) for value, label in FileStatus.choices if value in STORES[store]]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]  # type: ignore[attr-defined]


class IdSearchForm(forms.Form):
    """The full ID number, sent by POST and matched through the blind index: it never enters a URL."""

    id_number = forms.CharField(label=_("Full ID number"), max_length=ID_INPUT_LENGTH,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))

    def clean_id_number(self) -> str:
        try:
            return parse_id_number(self.cleaned_data["id_number"]).number
        except IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None


class FileFieldsMixin(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("File level"), choices=FileLevel.choices, initial=FileLevel.GRASSROOTS)
    primary_cause = forms.ChoiceField(label=_("Primary cause"), choices=[("", "---------"), *Cause.choices])
    secondary_causes = forms.MultipleChoiceField(label=_("Secondary causes (up to three)"), choices=Cause.choices,
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    incident_on = PickerDateField(label=_("Date of accident or disaster"), required=False)
    contact = forms.ModelChoiceField(label=_("Assistance contact"), queryset=User.objects.none(), required=False)

    def limit_contacts(self, user: Any) -> None:
        self.fields["contact"].queryset = contact_choices(user)  # type: ignore[attr-defined]


class HouseholdApplyForm(FileFieldsMixin):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["org", "address", "primary_cause", "secondary_causes", "incident_on", "level", "contact", "note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = scoped(OrgUnit.objects.all(), user, "view").order_by("path")
        field = self.fields["org"]
        field.queryset = units  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name  # type: ignore[attr-defined]
        if user.org_id:
            field.initial = user.org_id
        self.limit_contacts(user)


class HouseholdEditForm(FileFieldsMixin):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_contacts(user)


BLANK: list[tuple[str, Any]] = [("", "---------")]


class MemberForm(forms.Form):
    # Choices start blank so that an untouched extra row of the formset counts as unchanged (and is skipped).
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=ID_INPUT_LENGTH,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    relation = forms.ChoiceField(label=_("Relation to head"), choices=[*BLANK, *Relation.choices])
    employment_status = forms.ChoiceField(label=_("Employment"), choices=[*BLANK, *EmploymentStatus.choices])
    monthly_income = YuanField(empty_fen=0, label=_("Monthly income (yuan)"), required=False)
    has_major_illness = forms.BooleanField(label=_("Major illness"), required=False)
    disability_or_mental_illness = forms.BooleanField(label=_("Disability or mental illness"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_INPUT_LENGTH, required=False)
    hukou_type = forms.ChoiceField(label=_("Hukou"), choices=[*BLANK, *HukouType.choices], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Relations as the administrator keeps them (字典管理): renamed, reordered, disabled ones not offered.
        held = [self.initial.get("relation") or ""]
        relation: Any = self.fields["relation"]
        relation.choices = [*BLANK, *dictionary_choices(RELATION, keep=held)]


MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=20, validate_max=True)


class MemberAddForm(MemberForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relation: Any = self.fields["relation"]
        relation.choices = [c for c in dictionary_choices(RELATION) if c[0] != Relation.SELF]


class MemberUpdateForm(forms.Form):
    member_id = forms.IntegerField(widget=forms.HiddenInput)
    employment_status = forms.ChoiceField(label=_("Employment"), choices=EmploymentStatus.choices)
    monthly_income = YuanField(empty_fen=0, label=_("Monthly income (yuan)"), required=False)
    has_major_illness = forms.BooleanField(label=_("Major illness"), required=False)
    disability_or_mental_illness = forms.BooleanField(label=_("Disability or mental illness"), required=False)


MemberUpdateFormSet = forms.formset_factory(MemberUpdateForm, extra=0)


class PersonEditForm(forms.Form):
    """A member's personal details. The phone number and the health note are not shown in clear: left empty
    they stay as recorded; a tick removes them."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    phone = forms.CharField(label=_("New phone number"), max_length=PHONE_INPUT_LENGTH, required=False,
                            help_text=_("Leave empty to keep the number on record."),
                            widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}))
    clear_phone = forms.BooleanField(label=_("Remove the phone number on record"), required=False)
    hukou_type = forms.ChoiceField(label=_("Hukou"), choices=[*BLANK, *HukouType.choices], required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=100, required=False)
    occupation_code = forms.CharField(label=_("Occupation code"), max_length=20, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=50, required=False)
    is_union_member = forms.BooleanField(label=_("Union member"), required=False)
    health_note = forms.CharField(label=_("New health note"), max_length=500, required=False,
                                  help_text=_("Leave empty to keep the note on record."),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    clear_health_note = forms.BooleanField(label=_("Remove the health note on record"), required=False)

    PLAIN_FIELDS = ("name", "hukou_type", "employer_name", "occupation_code", "industry", "is_union_member")

    def __init__(self, *args: Any, phone_on_record: str = "", has_health_note: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if phone_on_record:
            self.fields["phone"].widget.attrs["placeholder"] = phone_on_record  # masked
        if has_health_note:
            self.fields["health_note"].widget.attrs["placeholder"] = _("A note is on record.")

    def changes(self) -> dict[str, Any]:
        """What to hand `services.update_person`: the plain fields, and the phone or note only when given."""
        data = self.cleaned_data
        changes = {name: data[name] for name in self.PLAIN_FIELDS}
        for name in ("phone", "health_note"):
            if data[f"clear_{name}"]:
                changes[name] = ""
            elif data[name]:
                changes[name] = data[name]
        return changes


class MemberRemoveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for removing"), max_length=200,
                             help_text=_("For example: moved out, married, died."))


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    effective_on = PickerDateField(label=_("Date"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class InvestigationForm(TransitionForm):
    """入户调查: the step's record (services.filing checks it)."""

    visited_on = PickerDateField(label=_("Visited on"))
    visitors = forms.CharField(label=_("Who visited"), max_length=200, help_text=_("Names, at least one."))
    notes = forms.CharField(label=_("Findings"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    no_evidence_reason = forms.CharField(label=_("Why there is no evidence"), max_length=300, required=False,
                                         help_text=_("Only when no evidence has been uploaded to the file."))


class ObjectionForm(forms.Form):
    raised_by = forms.CharField(label=_("Raised by (may stay anonymous)"), max_length=100, required=False)
    raised_on = PickerDateField(label=_("Raised on"), required=False)
    content = forms.CharField(label=_("Objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices)
    upload = forms.FileField(label=_("File (PDF, JPG or PNG, up to 10 MB)"))


class DuplicateResolveForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("merge", _("Merge: keep one file")), ("distinct", _("Not a duplicate"))])
    keep = forms.TypedChoiceField(label=_("File to keep"), coerce=int, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, files: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [("", "---------"), *files]  # type: ignore[attr-defined]


class FileBatchForm(forms.Form):
    """Batch work on the rows ticked in the register list: each row is `file id:version` as the list showed it,
    so a row changed since is refused as stale rather than overwritten."""

    action = forms.ChoiceField(label=_("Batch action"), choices=[
        ("approve", _("Approve and file")), ("assign_contact", _("Assign assistance contact")),
        ("schedule_recheck", _("Schedule re-check"))])
    rows = forms.CharField(label=_("Ticked rows"), required=False)  # replaced by the list of ticked rows in clean_rows
    contact = forms.ModelChoiceField(label=_("Assistance contact"), queryset=User.objects.none(), required=False)
    due_on = PickerDateField(label=_("Re-check on"), required=False)
    back = forms.CharField(required=False, max_length=500)  # the list's query string, to return to it

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contact_choices(user)  # type: ignore[attr-defined]

    def clean_rows(self) -> list[tuple[int, int]]:
        values = self.data.getlist("rows") if hasattr(self.data, "getlist") else []
        rows: list[tuple[int, int]] = []
        for value in values:
            pk, _sep, version = str(value).partition(":")
            if not (pk.isdecimal() and version.isdecimal()) or len(value) > 40:
                raise forms.ValidationError(_("A ticked row is not one of the list's rows; reload the list."))
            rows.append((int(pk), int(version)))
        if not rows:
            raise forms.ValidationError(_("Tick at least one row."))
        return rows

    def clean_back(self) -> str:
        back = self.cleaned_data.get("back") or ""
        return back if not back.startswith(("/", "\\")) and "//" not in back else ""
