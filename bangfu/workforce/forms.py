"""Forms of the workforce pages: presentation only; each builds the input of the service the API also calls."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bangfu.core.forms import YuanField
from bangfu.workforce import queries
from bangfu.workforce.models import (
    Assessment,
    CertificateLevel,
    DecisionKind,
    EmploymentType,
    Post,
    PostLevel,
    ScoringScheme,
    WorkerStatus,
)

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


def _blank(choices: Any, label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class RosterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    unit = forms.CharField(label=_("Unit code"), required=False)
    post_level = forms.ChoiceField(label=_("Post level"), required=False,
                                   choices=_blank(PostLevel.choices, _("Any post level")))
    employment_type = forms.ChoiceField(label=_("Employment type"), required=False,
                                        choices=_blank(EmploymentType.choices, _("Any employment type")))
    certificate_level = forms.ChoiceField(label=_("Professional certificate"), required=False,
                                          choices=_blank(CertificateLevel.choices, _("Any certificate")))
    status = forms.ChoiceField(label=_("Status"), required=False, initial=WorkerStatus.ACTIVE,
                               choices=_blank(WorkerStatus.choices, _("In post or left")))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class HireForm(forms.Form):
    post = forms.ModelChoiceField(label=_("Vacant post"), queryset=Post.objects.none())
    name = forms.CharField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    certificate_level = forms.ChoiceField(label=_("Professional certificate"), choices=CertificateLevel.choices)
    grade = forms.IntegerField(label=_("Grade"), min_value=1, max_value=10, initial=1)
    hired_on = forms.DateField(label=_("Hired on"), widget=DATE)
    contract_ends_on = forms.DateField(label=_("Contract ends on"), widget=DATE, required=False)
    take_home_fen = YuanField(label=_("Monthly take-home pay (yuan)"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = queries.posts(actor, vacant_only=True)  # type: ignore[attr-defined]
        _styled(self)


class RunForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"))
    scheme = forms.ModelChoiceField(label=_("Scoring scheme"), queryset=ScoringScheme.objects.none())
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_("Period ends"), widget=DATE)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = queries.schemes(actor)  # type: ignore[attr-defined]
        _styled(self)


class ReviewForm(forms.Form):
    score = forms.IntegerField(label=_("Supervisor's score"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Supervisor's comment"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    assessment = forms.ModelChoiceField(label=_("Assessment"), queryset=Assessment.objects.none(), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE)
    new_grade = forms.IntegerField(label=_("New grade"), min_value=1, max_value=10, required=False)
    new_pay_fen = YuanField(label=_("New monthly take-home pay (yuan)"), required=False)
    new_contract_ends_on = forms.DateField(label=_("Contract renewed until"), widget=DATE, required=False)
    post = forms.ModelChoiceField(label=_("Vacant post"), queryset=Post.objects.none(), required=False)
    host = forms.CharField(label=_("Host unit code"), required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, required=False)

    def __init__(self, *args: Any, actor: Any, worker: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = queries.assessments_of_worker(  # type: ignore[attr-defined]
            actor, worker).filter(status="reviewed")
        self.fields["post"].queryset = queries.posts(actor, vacant_only=True)  # type: ignore[attr-defined]
        _styled(self)


class CandidateForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"))
    as_of = forms.DateField(label=_("As of"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ReportForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"), required=False)
    as_of = forms.DateField(label=_("As of"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)
