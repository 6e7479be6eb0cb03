from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.people.imports.queries import importable_units

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.code}）"


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    org = UnitChoiceField(label=_("Import into unit"), queryset=OrgUnit.objects.none(), to_field_name="code")
    dry_run = forms.BooleanField(label=_("Dry run: check only, write nothing"), required=False)
    atomic = forms.BooleanField(label=_("All or nothing: import only if every row is valid"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = importable_units(user)
        self.fields["org"].queryset = units  # type: ignore[attr-defined]
        if user.org is not None and not self.is_bound:
            self.fields["org"].initial = user.org.code
        self.fields["file"].widget.attrs["accept"] = XLSX_ACCEPT

