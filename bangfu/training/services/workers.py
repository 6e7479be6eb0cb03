"""The social workers' 1+N training: the initial training (初任培训) due within a set number of days of
hiring (`BANGFU_TRAINING_INITIAL_DUE_DAYS`), then any number of job-specific trainings (岗位培训)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from bangfu.accounts.models import OrgUnit
from bangfu.core import audit
from bangfu.core.errors import ServiceError
from bangfu.training.models import WorkerTrainee, WorkerTraining, WorkerTrainingKind
from bangfu.training.services.common import require_org, require_perm, validated


def initial_due_on(hired_on: dt.date) -> dt.date:
    return hired_on + dt.timedelta(days=settings.BANGFU_TRAINING_INITIAL_DUE_DAYS)


@transaction.atomic
def add_worker(*, actor: Any, org: OrgUnit, name: str, hired_on: dt.date, post: str = "",
               user: Any = None) -> WorkerTrainee:
    require_org(actor, org, "add", WorkerTrainee)
    name = (name or "").strip()
    if not name:
        raise ServiceError("姓名：请填写社工姓名", status=422)
    trainee = WorkerTrainee(org=org, created_by=actor, name=name[:50], post=post.strip()[:50], hired_on=hired_on,
                            user=user, initial_due_on=initial_due_on(hired_on))
    validated(trainee)
    trainee.save()
    audit.record("training.worker_added", actor=actor, obj=trainee, changes={"hired_on": str(hired_on)})
    return trainee


@transaction.atomic
def record_worker_training(*, actor: Any, trainee: WorkerTrainee, kind: str, title: str, completed_on: dt.date,
                           hours: int) -> WorkerTraining:
    require_perm(actor, WorkerTraining, "add", "登记社工培训")
    if kind not in WorkerTrainingKind.values:
        raise ServiceError("培训类别：应为 initial（初任培训）或 job（岗位培训）", status=422)
    if completed_on < trainee.hired_on:
        raise ServiceError(f"完成日期：{completed_on:%Y-%m-%d} 早于入职日期 {trainee.hired_on:%Y-%m-%d}", status=422)
    if hours < 1:
        raise ServiceError("学时：应为正整数", status=422)
    training = WorkerTraining(org=trainee.org, created_by=actor, trainee=trainee, kind=kind,
                              title=(title or "").strip()[:100], completed_on=completed_on, hours=hours)
    validated(training)
    try:
        with transaction.atomic():
            training.save()
    except IntegrityError:
        raise ServiceError("培训类别：该社工已登记过初任培训", status=409) from None
    audit.record("training.worker_training_recorded", actor=actor, obj=training, changes={"kind": kind})
    return training
