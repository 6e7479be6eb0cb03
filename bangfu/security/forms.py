from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.security.queries import EventFilter

OUTCOME_CHOICES = [
    ("", _("All outcomes")),
    ("success", _("Success")),
    ("failure", _("Failure")),
    ("denied", _("Denied")),
]
DATE_INPUTS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    action = forms.CharField(label=_("Action"), required=False, max_length=64,
                             help_text=_("Beginning of the action, e.g. auth. or sensitive.reveal"))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=OUTCOME_CHOICES)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From"), required=False, input_formats=DATE_INPUTS)
    date_to = forms.DateField(label=_("To"), required=False, input_formats=DATE_INPUTS)

    def filters(self) -> EventFilter:
        if not self.is_valid():
            return EventFilter()
        data = self.cleaned_data
        return EventFilter(
            actor=data["actor"], action=data["action"], outcome=data["outcome"], object_type=data["object_type"],
            object_id=data["object_id"], date_from=data["date_from"], date_to=data["date_to"],
        )
