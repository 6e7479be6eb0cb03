"""The placement funnel by district: 推荐 → 面试 → 录用 → 3个月在岗 → 6个月在岗."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangfu.core.forms import ChineseDateField
from bangfu.jobs import queries


class FunnelForm(forms.Form):
    since = ChineseDateField(label=gettext_lazy("Recommended from"), required=False)
    until = ChineseDateField(label=gettext_lazy("Recommended until"), required=False)


def stage_labels() -> list[str]:
    return [_("Recommended"), _("Interviewed"), _("Hired"), _("Employed after 3 months"),
            _("Employed after 6 months")]


@login_required
@permission_required("jobs.view_referral", raise_exception=True)
def placement_funnel(request: HttpRequest) -> HttpResponse:
    form = FunnelForm(request.GET or None)
    dates = form.cleaned_data if form.is_valid() else {}
    rows = queries.placement_funnel(request.user, since=dates.get("since"), until=dates.get("until"))
    total = queries.funnel_total(rows)
    chart = {
        "stages": stage_labels(),
        "total": total.stages(),
        "districts": [row.district for row in rows],
        "series": [{"name": label, "values": [row.stages()[i] for row in rows]}
                   for i, label in enumerate(stage_labels())],
    }
    return render(request, "jobs/funnel.html", {"form": form, "rows": rows, "total": total,
                                                "labels": stage_labels(), "chart": chart})
