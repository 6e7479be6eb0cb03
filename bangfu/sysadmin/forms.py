from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import scoped_for
from bangfu.sysadmin.services import ADD_ANNOUNCEMENT, AnnouncementInput


class ParameterForm(forms.Form):
    """One parameter's new value, as typed (the service parses and bounds it, naming the parameter)."""

    value = forms.CharField(label=_("New value"), max_length=20,
                            error_messages={"required": _("Please enter a value.")})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


_TOO_LONG = _("At most %(limit_value)d characters (it has %(show_value)d).")


class AnnouncementForm(forms.Form):
    org = forms.ModelChoiceField(label=_("Published by"), queryset=OrgUnit.objects.none(),
                                 error_messages={"required": _("Please choose the publishing unit."),
                                                 "invalid_choice": _("Please choose a unit from the list.")})
    title = forms.CharField(label=_("Announcement title"), max_length=100,
                            error_messages={"required": _("Please enter a title."),
                                            "max_length": _TOO_LONG})
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000,
                           error_messages={"required": _("Please enter the text."),
                                           "max_length": _TOO_LONG})

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["org"]
        field.queryset = scoped_for(actor, OrgUnit.objects.all(), ADD_ANNOUNCEMENT).order_by("path")
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name

    def to_input(self) -> AnnouncementInput:
        return AnnouncementInput(title=self.cleaned_data["title"], body=self.cleaned_data["body"])


class EntryForm(forms.Form):
    """One entry of a code list: its name, order and state (and its code, for a new entry of an open list)."""

    code = forms.CharField(label=_("Entry code"), max_length=40,
                           error_messages={"required": _("Please enter the code.")})
    label = forms.CharField(label=_("Entry name"), max_length=50,
                            error_messages={"required": _("Please enter the name."), "max_length": _TOO_LONG})
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=9999, initial=100,
                                    error_messages={"invalid": _("Please enter a whole number."),
                                                    "min_value": _("At least %(limit_value)s."),
                                                    "max_value": _("At most %(limit_value)s.")})
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
