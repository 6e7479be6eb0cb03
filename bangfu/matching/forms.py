"""Forms of the matching pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.accounts.models import OrgUnit
from bangfu.matching.queries import units_for_runs
from bangfu.matching.services import DEFAULT_TOP_K, MAX_TOP_K


class RunForm(forms.Form):
    org = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=OrgUnit.objects.none(),
        help_text=_("Seekers and openings of this unit and the units under it."),
    )
    top_k = forms.IntegerField(
        label=_("Candidate openings per seeker"), min_value=1, max_value=MAX_TOP_K, initial=DEFAULT_TOP_K
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["org"]
        field.queryset = units_for_runs(actor)  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: ("　" * max(unit.depth - 1, 0)) + unit.name  # type: ignore[attr-defined]
        if actor.org is not None:
            field.initial = actor.org.pk
