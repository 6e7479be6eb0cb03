"""The administrator's task monitor (queued, running, failed tasks with their errors, retry) and server page.
Thin: reads and the retry live in `security.monitor`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangfu.core.http import wants_fragment
from bangfu.core.pages import call_service
from bangfu.core.pagination import paginate, querystring_without_page
from bangfu.security import monitor

STATUS_TABS = ("", "READY", "RUNNING", "FAILED", "SUCCESSFUL")


@login_required
@permission_required("security.view_taskmonitor", raise_exception=True)
def task_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in STATUS_TABS else ""
    page = paginate(request, monitor.task_results(status), default_size=50)
    counts = monitor.status_counts()
    tabs = [{"status": value, "label": monitor.STATUS_LABELS[value] if value else _("All"),
             "count": counts[value] if value else sum(counts.values())} for value in STATUS_TABS]
    context = {"rows": monitor.task_rows(page.object_list), "page": page, "status": status, "tabs": tabs,
               "query": querystring_without_page(request),
               "backend_label": monitor.BACKEND_LABELS.get(monitor.settings.TASK_BACKEND, "")}
    if wants_fragment(request):
        return render(request, "security/_task_table.html", context)
    return render(request, "security/tasks.html", context)


@require_POST
@login_required
@permission_required("security.retry_task", raise_exception=True)
def task_retry(request: HttpRequest, pk: str) -> HttpResponse:
    result = monitor.failed_task_for(pk)
    if result is None:
        raise Http404
    call_service(request, lambda: monitor.retry_task(actor=request.user, result=result),
                 success=_("The task %(name)s was enqueued again.") % {"name": monitor.task_label(result.task_path)})
    return redirect("security:task_list")


@login_required
@permission_required("security.view_taskmonitor", raise_exception=True)
def server(request: HttpRequest) -> HttpResponse:
    return render(request, "security/server.html", {"sections": monitor.server_facts()})
