"""Course and trainer pages: lists, create, edit (officers)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bangfu.core.pages import call_service
from bangfu.training import queries, services
from bangfu.training.forms import CourseForm, TrainerForm
from bangfu.training.views.common import expected_version, form_status, render_form, render_list, search_text


@login_required
@permission_required("training.view_course", raise_exception=True)
def course_list(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    return render_list(request, "training/course_list.html", queries.courses(request.user, text=text), form=form)


def _save(request: HttpRequest, form: Any, action: Any, title: str, cancel: str, version: int | None = None
          ) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: action(form.cleaned_data), form=form, success=_("Saved."))
        if outcome.ok:
            return redirect(cancel)
        return render_form(request, form, title=title, cancel=cancel, status=outcome.status, version=version)
    return render_form(request, form, title=title, cancel=cancel, status=form_status(request, form), version=version)


@login_required
@permission_required("training.add_course", raise_exception=True)
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, actor=request.user)
    return _save(request, form, lambda data: services.create_course(actor=request.user, **data),
                 _("New course"), "training:course_list")


@login_required
@permission_required("training.change_course", raise_exception=True)
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = queries.course_for(request.user, pk, "change")
    form = CourseForm(request.POST or None, instance=course, actor=request.user)
    return _save(request, form, lambda data: services.update_course(
        actor=request.user, course=course, expected_version=expected_version(request), **data),
        course.title, "training:course_list", version=course.version)


@login_required
@permission_required("training.view_trainer", raise_exception=True)
def trainer_list(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    return render_list(request, "training/trainer_list.html", queries.trainers(request.user, text=text), form=form)


@login_required
@permission_required("training.add_trainer", raise_exception=True)
def trainer_create(request: HttpRequest) -> HttpResponse:
    form = TrainerForm(request.POST or None, actor=request.user)
    return _save(request, form, lambda data: services.create_trainer(actor=request.user, **data),
                 _("New trainer"), "training:trainer_list")


@login_required
@permission_required("training.change_trainer", raise_exception=True)
def trainer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    trainer = queries.trainer_for(request.user, pk, "change")
    form = TrainerForm(request.POST or None, instance=trainer, actor=request.user)
    return _save(request, form, lambda data: services.update_trainer(
        actor=request.user, trainer=trainer, expected_version=expected_version(request), **data),
        str(trainer.user.display_name or trainer.user.username), "training:trainer_list", version=trainer.version)
