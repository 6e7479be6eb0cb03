"""1+N pages: the social workers with their initial and job-specific trainings; the overdue list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bangfu.accounts.queries import unit_for
from bangfu.core.pages import call_service
from bangfu.training import queries, services
from bangfu.training.forms import WorkerForm, WorkerTrainingForm
from bangfu.training.views.common import form_status, render_form, render_list, search_text


@login_required
@permission_required("training.view_workertrainee", raise_exception=True)
def worker_list(request: HttpRequest) -> HttpResponse:
    form, text = search_text(request)
    overdue = request.GET.get("overdue") == "1"
    return render_list(request, "training/worker_list.html",
                       queries.workers(request.user, overdue_only=overdue, text=text), form=form, overdue=overdue)


@login_required
@permission_required("training.add_workertrainee", raise_exception=True)
def worker_create(request: HttpRequest) -> HttpResponse:
    form = WorkerForm(request.POST or None, actor=request.user)
    title = _("New social worker (1+N)")
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.add_worker(actor=request.user, **form.cleaned_data),
                               form=form, success=_("Saved."))
        if outcome.ok and outcome.result is not None:
            return redirect("training:worker_detail", pk=outcome.result.pk)
        return render_form(request, form, title=title, cancel="training:worker_list", status=outcome.status)
    return render_form(request, form, title=title, cancel="training:worker_list", status=form_status(request, form))


@login_required
@permission_required("training.view_workertrainee", raise_exception=True)
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker's trainings, and (POST) one more: the initial one or a job-specific one."""
    worker = queries.workers(request.user).filter(pk=pk).first() or queries.worker_for(request.user, pk)
    form = WorkerTrainingForm(request.POST or None)
    status = form_status(request, form)
    if request.method == "POST" and form.is_valid():
        outcome = call_service(request, lambda: services.record_worker_training(
            actor=request.user, trainee=worker, **form.cleaned_data), form=form, success=_("Training recorded."))
        if outcome.ok:
            return redirect("training:worker_detail", pk=worker.pk)
        status = outcome.status
    return render(request, "training/worker_detail.html", {
        "worker": worker, "trainings": worker.trainings.order_by("completed_on", "pk"), "form": form,
        "overdue": queries.is_overdue(worker),
    }, status=status)


@login_required
@permission_required("training.view_trainingoutcome", raise_exception=True)
def report(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("org", "")
    org = (unit_for(request.user, code) if code
           else getattr(request.user, "org", None))
    if org is None:
        return render(request, "training/report.html", {"report": None})
    return render(request, "training/report.html", {"report": queries.training_report(request.user, org), "org": org})
