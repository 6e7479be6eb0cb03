"""Forms of the training pages: lists typed as text, weekly times as staff type them, dates in any of the
house's formats, units and related records offered only within the actor's scope."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bangfu.accounts.models import OrgUnit, User
from bangfu.accounts.scoping import scoped
from bangfu.core.forms import ChineseDateField
from bangfu.jobs.fields import WeeklySlotsFormField
from bangfu.jobs.forms import ListField
from bangfu.jobs.models import Employer, Opening
from bangfu.jobs.queries import district_choices
from bangfu.matching.engine import ALL_WEEK
from bangfu.training.models import (
    Cohort,
    CohortKind,
    Course,
    CourseMode,
    HomeTrainingPlan,
    ScheduleRun,
    Trainer,
    WorkerTrainee,
    WorkerTrainingKind,
)


def _indented(unit: Any) -> str:
    return ("　" * max(unit.depth - 1, 0)) + unit.name


def _limit_org(form: forms.BaseForm, actor: Any, model: type[Any]) -> None:
    field = cast(forms.ModelChoiceField, form.fields["org"])
    permission = f"training.add_{model._meta.model_name}"
    units = scoped(OrgUnit.objects.all(), actor) if actor.has_perm(permission) else OrgUnit.objects.none()
    field.queryset = units.order_by("path")
    field.label_from_instance = _indented  # type: ignore[method-assign,assignment]
    if actor.org is not None:
        field.initial = actor.org.pk


class _NoModelValidation:
    def _post_clean(self) -> None:
        """Model validation runs in the service, which reports every field in Chinese."""


class CourseForm(_NoModelValidation, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    occupation_codes = ListField(label=_("Occupation codes"), required=False,
                                 help_text=_("Codes of the 2022 occupation classification, e.g. 4-01-02."))
    skill_tags = ListField(label=_("Skill tags"), required=False, help_text=_("Separate with 、 or spaces."))

    class Meta:
        model = Course
        fields = ["org", "title", "mode", "occupation_codes", "skill_tags", "certificate", "hours", "description"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_org(self, actor, Course)
        if self.instance.pk:
            del self.fields["org"]


class TrainerForm(_NoModelValidation, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    user = forms.ModelChoiceField(label=_("Account"), queryset=User.objects.none())
    skills = ListField(label=_("Skills"), required=False, help_text=_("Separate with 、 or spaces."))
    home_district = forms.ChoiceField(label=_("Home district"))
    available_slots = WeeklySlotsFormField(label=_("Availability"), empty_mask=ALL_WEEK,
                                           help_text=_("For example 周一至周五 09–18 时; blank means any time."))

    class Meta:
        model = Trainer
        fields = ["org", "user", "skills", "home_district", "available_slots", "max_sessions_per_day", "active"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_org(self, actor, Trainer)
        users = cast(forms.ModelChoiceField, self.fields["user"])
        users.queryset = scoped(User.objects.all(), actor).filter(trainer__isnull=True).order_by("username")
        cast(forms.ChoiceField, self.fields["home_district"]).choices = district_choices(actor.org)
        if self.instance.pk:
            del self.fields["org"]
            del self.fields["user"]


class PlanForm(_NoModelValidation, forms.ModelForm):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    district_code = forms.ChoiceField(label=_("District"), required=False,
                                      help_text=_("Blank: taken from the seeker profile or the household."))
    free_slots = WeeklySlotsFormField(label=_("Household's free time"), empty_mask=ALL_WEEK,
                                      help_text=_("For example 周一至周五 09–15 时; blank: from the seeker profile."))

    class Meta:
        model = HomeTrainingPlan
        fields = ["course", "goals", "sessions_wanted", "sessions_per_week", "session_hours", "district_code",
                  "address", "free_slots"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        courses = cast(forms.ModelChoiceField, self.fields["course"])
        courses.queryset = scoped(Course.objects.filter(mode=CourseMode.HOME), actor).order_by("title")
        cast(forms.ChoiceField, self.fields["district_code"]).choices = [("", "—"), *district_choices(actor.org)]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if not (self.data.get("free_slots") or "").strip():
            data["free_slots"] = None  # blank: the service takes the seeker profile's free time
        return data


class SessionRecordForm(forms.Form):
    attended = forms.TypedChoiceField(label=_("Attendance"), coerce=lambda value: value == "1",
                                      choices=[("1", _("Held, attended")), ("0", _("Missed"))],
                                      widget=forms.RadioSelect, initial="1")
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                            max_length=2000)
    photo = forms.FileField(label=_("Photo"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))


class ScheduleForm(forms.Form):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    week_start = ChineseDateField(label=_("Week starting (Monday)"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_org(self, actor, ScheduleRun)


class CohortForm(_NoModelValidation, forms.ModelForm):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    employer = forms.ModelChoiceField(label=_("Ordering employer"), queryset=Employer.objects.none(), required=False)
    openings = forms.ModelMultipleChoiceField(label=_("Linked openings"), queryset=Opening.objects.none(),
                                              required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=CohortKind.choices)
    starts_on = ChineseDateField(label=_("Starts on"))
    ends_on = ChineseDateField(label=_("Ends on"))

    class Meta:
        model = Cohort
        fields = ["org", "course", "name", "provider", "kind", "employer", "openings", "starts_on", "ends_on"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_org(self, actor, Cohort)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = scoped(
            Course.objects.exclude(mode=CourseMode.HOME), actor).order_by("title")
        cast(forms.ModelChoiceField, self.fields["employer"]).queryset = scoped(
            Employer.objects.all(), actor).order_by("name")
        cast(forms.ModelMultipleChoiceField, self.fields["openings"]).queryset = scoped(
            Opening.objects.select_related("employer"), actor).order_by("employer__name", "title")


class AttendanceForm(forms.Form):
    on = ChineseDateField(label=_("Date"))
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=12)


class DateForm(forms.Form):
    on = ChineseDateField(label=_("Date"))


class WorkerForm(forms.Form):
    org = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    post = forms.CharField(label=_("Post"), max_length=50, required=False)
    hired_on = ChineseDateField(label=_("Hired on"))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_org(self, actor, WorkerTrainee)


class WorkerTrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkerTrainingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    completed_on = ChineseDateField(label=_("Completed on"))
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=1000)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
