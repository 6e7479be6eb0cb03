"""The household page, applying for a file, editing it and taking lifecycle steps. Thin: services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangfu.core.masking import mask_phone
from bangfu.core.pages import call_service
from bangfu.people import queries, services
from bangfu.people.extensions import person_panels
from bangfu.people.forms import (
    AnswerForm,
    EvidenceForm,
    HouseholdApplyForm,
    HouseholdEditForm,
    InvestigationForm,
    MemberAddForm,
    MemberFormSet,
    MemberRemoveForm,
    MemberUpdateFormSet,
    ObjectionForm,
    PersonEditForm,
    TransitionForm,
)
from bangfu.people.lifecycle import allowed_transitions, transition_for
from bangfu.people.models import HardshipFile, HouseholdMember, Relation
from bangfu.people.services.filing import step_refusal

VIEW = "people.view_hardshipfile"


def _transition_forms(request: HttpRequest, hardship_file: HardshipFile) -> list[dict[str, Any]]:
    """The steps the user's roles grant, each with why it must wait or go to someone else (if so)."""
    day = timezone.localdate()
    return [
        {"row": row, "form": TransitionForm(initial={"version": hardship_file.version}, prefix=row.action),
         "refusal": (step_refusal(row, hardship_file, request.user, day) or ("", 0))[0],
         "needs_record": row.action == "investigate"}
        for row in allowed_transitions(request.user, hardship_file)
    ]


@login_required
@permission_required(VIEW, raise_exception=True)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hardship_file = queries.file_detail(request.user, pk)
    open_duplicates = []
    if request.user.has_perm("people.resolve_duplicatecandidate"):
        open_duplicates = list(queries.duplicate_queue(request.user).filter(
            Q(file_a=hardship_file) | Q(file_b=hardship_file)))
    members = queries.members_of(hardship_file)
    context = {
        "file": hardship_file, "household": hardship_file.household, "members": members,
        "evidence": queries.evidence_of(hardship_file), "timeline": queries.timeline(hardship_file),
        "transitions": _transition_forms(request, hardship_file), "evidence_form": EvidenceForm(),
        "open_duplicates": open_duplicates, "filing": queries.filing_record(hardship_file),
        "objection_form": ObjectionForm(), "answer_form": AnswerForm(),
        "can_object": request.user.has_perm("people.add_publicityobjection"),
        "can_answer": request.user.has_perm("people.change_publicityobjection"),
        "can_edit": request.user.has_perm("people.change_hardshipfile"),
        "can_edit_people": request.user.has_perm("people.change_person"),
        "can_upload": request.user.has_perm("people.add_evidence"),
        "panels": person_panels(user=request.user, people=[member.person for member in members]),
    }
    return render(request, "people/household_detail.html", context)


def _member_input(data: dict[str, Any]) -> services.MemberInput:
    person = services.PersonInput(name=data["name"], id_number=data["id_number"], phone=data.get("phone", ""),
                                  hukou_type=data.get("hukou_type", ""))
    return services.MemberInput(person=person, relation=data["relation"], employment_status=data["employment_status"],
                                has_major_illness=data["has_major_illness"],
                                disability_or_mental_illness=data["disability_or_mental_illness"],
                                monthly_income_fen=data["monthly_income"])


@login_required
@permission_required("people.add_hardshipfile", raise_exception=True)
def household_create(request: HttpRequest) -> HttpResponse:
    form = HouseholdApplyForm(request.POST or None, user=request.user)
    members = MemberFormSet(request.POST or None, prefix="members", initial=[{"relation": Relation.SELF}])
    context = {"form": form, "members": members}
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = form.cleaned_data
        rows = tuple(_member_input(row) for row in members.cleaned_data if row)
        household = services.HouseholdInput(
            members=rows, address=data["address"],
            file=services.FileInput(primary_cause=data["primary_cause"],
                                    secondary_causes=tuple(data["secondary_causes"]), level=data["level"],
                                    incident_on=data["incident_on"], contact=data["contact"], note=data["note"]))
        outcome = call_service(request, lambda: services.create_household(
            actor=request.user, org=data["org"], data=household), form=form)
        if not outcome.ok:
            return render(request, "people/household_form.html", context, status=outcome.status)
        hardship_file = outcome.value
        messages.success(request, _("The application is filed and waits for the initial review."))
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/household_form.html", context)


def _member_updates(formset: Any) -> dict[int, services.MemberUpdate]:
    return {
        row["member_id"]: services.MemberUpdate(
            employment_status=row["employment_status"], has_major_illness=row["has_major_illness"],
            disability_or_mental_illness=row["disability_or_mental_illness"], monthly_income_fen=row["monthly_income"])
        for row in formset.cleaned_data if row
    }


@login_required
@permission_required("people.change_hardshipfile", raise_exception=True)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hardship_file = queries.file_detail(request.user, pk, "change")
    household = hardship_file.household
    members = queries.members_of(hardship_file)
    initial = {"version": hardship_file.version, "address": household.address, "level": hardship_file.level,
               "primary_cause": hardship_file.primary_cause, "secondary_causes": hardship_file.secondary_causes,
               "incident_on": hardship_file.incident_on, "contact": hardship_file.contact_id}
    form = HouseholdEditForm(request.POST or None, initial=initial, user=request.user)
    member_forms = MemberUpdateFormSet(
        request.POST or None, prefix="members",
        initial=[{"member_id": m.pk, "employment_status": m.employment_status, "monthly_income": m.monthly_income_fen,
                  "has_major_illness": m.has_major_illness,
                  "disability_or_mental_illness": m.disability_or_mental_illness} for m in members])
    context = {"form": form, "member_forms": member_forms, "file": hardship_file,
               "member_rows": list(zip(members, member_forms, strict=False))}
    if request.method == "POST" and form.is_valid() and member_forms.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.households.EDITABLE_FIELDS}
        changes["secondary_causes"] = list(data["secondary_causes"])
        outcome = call_service(request, lambda: services.update_household(
            actor=request.user, hardship_file=hardship_file, expected_version=data["version"], changes=changes,
            members=_member_updates(member_forms)), form=form)
        if not outcome.ok:
            return render(request, "people/household_edit.html", context, status=outcome.status)
        messages.success(request, _("The file is saved."))
        return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_edit.html", context)


@login_required
@permission_required("people.change_hardshipfile", raise_exception=True)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    hardship_file = queries.file_detail(request.user, pk, "change")
    form = MemberAddForm(request.POST or None, initial={"version": hardship_file.version})
    context = {"form": form, "file": hardship_file}
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.add_member(
            actor=request.user, hardship_file=hardship_file, expected_version=form.cleaned_data["version"],
            member=_member_input(form.cleaned_data)), form=form)
        if not outcome.ok:
            return render(request, "people/member_form.html", context, status=outcome.status)
        messages.success(request, _("The member is added."))
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/member_form.html", context)


def _member_of(request: HttpRequest, pk: int, member_id: int,
               permission: str) -> tuple[HardshipFile, HouseholdMember]:
    """The file (reached by a role granting `permission`, else 404) and one of its household's members."""
    hardship_file = queries.file_detail(request.user, pk, permission=permission)
    member = next((m for m in queries.members_of(hardship_file) if m.pk == member_id), None)
    if member is None:
        raise Http404
    return hardship_file, member


@login_required
@permission_required("people.change_person", raise_exception=True)
def member_edit(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """A member's personal details: name, phone, hukou, employer, occupation, industry, union, health."""
    hardship_file, member = _member_of(request, pk, member_id, "people.change_person")
    person = member.person
    initial = {"version": person.version, **{name: getattr(person, name) for name in PersonEditForm.PLAIN_FIELDS}}
    form = PersonEditForm(request.POST or None, initial=initial, phone_on_record=mask_phone(person.phone),
                          has_health_note=bool(person.health_note))
    context = {"form": form, "file": hardship_file, "member": member}
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.persons.update_person(
            actor=request.user, hardship_file=hardship_file, member_id=member.pk,
            expected_version=form.cleaned_data["version"], changes=form.changes()), form=form)
        if not outcome.ok:
            return render(request, "people/person_form.html", context, status=outcome.status)
        messages.success(request, _("The personal details are saved."))
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/person_form.html", context)


@login_required
@permission_required("people.change_hardshipfile", raise_exception=True)
def member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    """GET: what removing means, and the reason to give; POST: remove (the service refuses the head)."""
    hardship_file, member = _member_of(request, pk, member_id, "people.change_hardshipfile")
    form = MemberRemoveForm(request.POST or None, initial={"version": hardship_file.version})
    context = {"form": form, "file": hardship_file, "member": member,
               "is_head": member.relation == Relation.SELF}
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.households.remove_member(
            actor=request.user, hardship_file=hardship_file, member_id=member.pk,
            expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]), form=form)
        if not outcome.ok:
            return render(request, "people/member_remove.html", context, status=outcome.status)
        messages.success(request, _("The member is removed from the household."))
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/member_remove.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def file_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """GET: the step's form (reason, date); POST: take the step. The service checks state, rights, version."""
    hardship_file = queries.file_detail(request.user, pk)
    row = transition_for(hardship_file.status, action)
    form_class = InvestigationForm if action == "investigate" else TransitionForm
    form = form_class(request.POST or None, initial={"version": hardship_file.version},
                      prefix=action if request.method == "POST" and f"{action}-version" in request.POST else None)
    context = {"file": hardship_file, "row": row, "form": form, "action": action}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = (services.InvestigationInput(visited_on=data["visited_on"], visitors=data["visitors"],
                                              notes=data["notes"], no_evidence_reason=data["no_evidence_reason"])
                  if action == "investigate" else None)
        outcome = call_service(request, lambda: services.transition_hardship_file(
            actor=request.user, hardship_file=hardship_file, action=action, expected_version=data["version"],
            reason=data["reason"], effective_on=data["effective_on"], note=data["note"],
            investigation=record), form=form)
        if not outcome.ok:
            return render(request, "people/transition_form.html", context, status=outcome.status)
        name = row.label if row else action
        messages.success(request, _("Done: %(step)s.") % {"step": name})
        return redirect("people:household_detail", pk=hardship_file.household_id)
    return render(request, "people/transition_form.html", context)

