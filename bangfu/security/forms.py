from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.auditlabels import outcome_labels
from bangfu.security.queries import EventFilter

DATE_INPUTS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATE_ERRORS = {"invalid": _("Enter a date such as 2024-03-05, 2024/3/5 or 2024年3月5日.")}


def outcome_choices() -> list[tuple[str, str]]:
    return [("", str(_("All outcomes"))), *outcome_labels().items()]


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Acting person"), required=False, max_length=150,
                            help_text=_("Sign-in name or name of the person who acted"))
    action = forms.CharField(label=_("Action"), required=False, max_length=64,
                             help_text=_("Words of the action (查看明文, 登录) or the beginning of its code"))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=outcome_choices)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100,
                                  help_text=_("Kind of record, e.g. 人员 or 困难职工档案"))
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=100,
                           help_text=_("Name or code of a unit; its units below are included"))
    date_from = forms.DateField(label=_("From date"), required=False, input_formats=DATE_INPUTS,
                                error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("To date"), required=False, input_formats=DATE_INPUTS,
                              error_messages=DATE_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> EventFilter:
        """The search to run; an invalid one (its errors shown on the form) finds nothing."""
        if not self.is_bound:
            return EventFilter()
        if not self.is_valid():
            return EventFilter(invalid=True)
        data = self.cleaned_data
        return EventFilter(
            actor=data["actor"].strip(), action=data["action"].strip(), outcome=data["outcome"],
            object_type=data["object_type"].strip(), object_id=data["object_id"].strip(), unit=data["unit"].strip(),
            date_from=data["date_from"], date_to=data["date_to"],
        )
