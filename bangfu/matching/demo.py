"""Demo matching: one completed run over Guangzhou (the city union matches centrally, as in the seed),
its plan waiting for staff to confirm. Idempotent: nothing is added when Guangzhou has a run."""

from __future__ import annotations

from bangfu.accounts.models import OrgUnit
from bangfu.core.seeding import DemoContext
from bangfu.matching import services
from bangfu.matching.models import MatchingRun


def seed(context: DemoContext) -> None:
    guangzhou: OrgUnit = context.made["orgs"]["guangzhou"]
    if MatchingRun.objects.filter(org=guangzhou).exists():
        return
    run = services.start_matching_run(actor=context.made["users"]["gz_officer"], org=guangzhou)
    # The demo is seeded in one transaction: compute now rather than after the commit. The task queued
    # for after the commit then finds the run done and does nothing (a run is computed once).
    services.execute_run(run.pk)
