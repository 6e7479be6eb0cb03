"""The indicators of an assessment, read from the platform's own casework records.

Each function returns a `LineValue` whose evidence lists every record it looked at (kind, id, date, whether
it met the rule), so each number on the assessment page can be traced to its records. Records are found
through the worker's account: the 帮扶联系人 of a file, who made a visit, a re-check, a referral, a legal
case's intake or a training plan. The rules here are the union's 履职考核 rules, in Chinese in `explanation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from bangfu.assistance.models import Visit
from bangfu.jobs.models import Referral, RetentionCheck, RetentionOutcome
from bangfu.legal.models import LegalCase
from bangfu.people.models import IN_FILE_STATUSES, FileEvent, HardshipFile
from bangfu.people.services.workflow import one_year_after
from bangfu.training.models import HomeTrainingPlan, WorkerTraining
from bangfu.workforce.models import SATISFACTION_POINTS, FollowUpCall, Indicator, SocialWorker
from bangfu.workforce.scoring import LineValue

# File events that set the next re-check due one year later (see people.services.workflow).
DUE_SETTERS = ("approve", "confirm", "open_temporary", "recheck", "reopen")
DUE_ENDERS = ("relieve", "cancel")


def _day(value: dt.date | dt.datetime) -> str:
    """The day in Beijing time: an aware datetime's UTC date is a day behind from 16:00 UTC."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return f"{value:%Y-%m-%d}"


def families(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    files = list(HardshipFile.objects.filter(contact=worker.user_id, status__in=IN_FILE_STATUSES)
                 .order_by("pk").values_list("pk", "household_id"))
    evidence: list[dict[str, object]] = [{"kind": "hardship_file", "id": pk, "household": household, "ok": True}
                                         for pk, household in files]
    return LineValue(Indicator.FAMILIES, len(files), len(files),
                     f"在档困难职工家庭中以其为帮扶联系人的 {len(files)} 户", evidence)


def visits_on_time(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    """Visits the worker made in the period; on time when on or before the campaign's visit deadline."""
    visits = (Visit.objects.filter(visited_by=worker.user_id, visited_at__date__gte=start, visited_at__date__lte=end)
              .select_related("program").order_by("visited_at", "pk"))
    evidence: list[dict[str, object]] = []
    for visit in visits:
        deadline = visit.program.visit_deadline or visit.program.ends_on
        evidence.append({"kind": "visit", "id": visit.pk, "on": _day(visit.visited_at), "due": _day(deadline),
                         "ok": timezone.localtime(visit.visited_at).date() <= deadline})
    done = sum(1 for row in evidence if row["ok"])
    return LineValue(Indicator.VISITS_ON_TIME, len(evidence), done,
                     f"本期走访 {len(evidence)} 次，其中在活动走访截止日前完成 {done} 次", evidence)


def _dues(events: list[Any]) -> list[tuple[dt.date, Any]]:
    """Each re-check due date a file's timeline set, with the event that answered it (or None)."""
    dues = []
    for n, event in enumerate(events):
        if event.action not in DUE_SETTERS or event.effective_on is None:
            continue
        answer = next((e for e in events[n + 1:] if e.action in ("recheck", *DUE_ENDERS)), None)
        dues.append((one_year_after(event.effective_on), answer))
    return dues


def rechecks_on_time(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    """Of the yearly re-checks falling due in the period on the worker's files, those done by the due date.
    A file relieved or cancelled before its due date owes no re-check."""
    file_ids = list(HardshipFile.objects.filter(contact=worker.user_id).values_list("pk", flat=True))
    events_of: dict[int, list[Any]] = {}
    for event in FileEvent.objects.filter(file_id__in=file_ids).order_by("occurred_at", "pk"):
        events_of.setdefault(event.file_id, []).append(event)
    evidence: list[dict[str, object]] = []
    for file_id, events in sorted(events_of.items()):
        for due, answer in _dues(events):
            if not start <= due <= end:
                continue
            answered_on = answer.effective_on if answer is not None else None
            if answer is not None and answer.action in DUE_ENDERS and answered_on and answered_on <= due:
                continue
            ok = answer is not None and answer.action == "recheck" and answered_on is not None and answered_on <= due
            evidence.append({"kind": "hardship_file", "id": file_id, "due": _day(due),
                             "on": _day(answered_on) if answered_on else "", "ok": ok})
    done = sum(1 for row in evidence if row["ok"])
    return LineValue(Indicator.RECHECKS_ON_TIME, len(evidence), done,
                     f"本期到期复核 {len(evidence)} 件，按期完成 {done} 件", evidence)


def jobs_kept(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    """Referrals the worker made whose 3-month retention check, done in the period, found the person in the job."""
    referral_ids = Referral.objects.filter(created_by=worker.user_id).values("pk")
    checks = (RetentionCheck.objects.filter(referral_id__in=referral_ids, months=3, checked_on__gte=start,
                                            checked_on__lte=end).order_by("checked_on", "pk"))
    evidence: list[dict[str, object]] = [
        {"kind": "referral", "id": check.referral_id, "on": _day(check.checked_on),  # type: ignore[arg-type]
         "ok": check.outcome == RetentionOutcome.EMPLOYED} for check in checks]
    kept = sum(1 for row in evidence if row["ok"])
    return LineValue(Indicator.JOBS_KEPT, len(evidence), kept,
                     f"本期 3 个月稳岗回访 {len(evidence)} 人，仍在岗 {kept} 人", evidence)


def legal_training(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    """Legal-aid cases the worker took in, home training plans made, and their own 1+N trainings completed."""
    evidence: list[dict[str, object]] = []
    for pk, day in LegalCase.objects.filter(created_by=worker.user_id, intake_date__gte=start,
                                            intake_date__lte=end).values_list("pk", "intake_date"):
        evidence.append({"kind": "legal_case", "id": pk, "on": _day(day), "ok": True})
    for pk, moment in HomeTrainingPlan.objects.filter(created_by=worker.user_id, created_at__date__gte=start,
                                                      created_at__date__lte=end).values_list("pk", "created_at"):
        evidence.append({"kind": "training_plan", "id": pk, "on": _day(moment), "ok": True})
    if worker.trainee_id:
        for pk, day in WorkerTraining.objects.filter(trainee_id=worker.trainee_id, completed_on__gte=start,
                                                     completed_on__lte=end).values_list("pk", "completed_on"):
            evidence.append({"kind": "worker_training", "id": pk, "on": _day(day), "ok": True})
    kinds = {kind: sum(1 for row in evidence if row["kind"] == kind)
             for kind in ("legal_case", "training_plan", "worker_training")}
    return LineValue(Indicator.LEGAL_TRAINING, len(evidence), len(evidence),
                     f"受理法律援助 {kinds['legal_case']} 件、制定上门培训计划 {kinds['training_plan']} 个、"
                     f"完成本人 1+N 培训 {kinds['worker_training']} 次", evidence)


def satisfaction(worker: SocialWorker, start: dt.date, end: dt.date) -> LineValue:
    calls = FollowUpCall.objects.filter(worker=worker, called_on__gte=start, called_on__lte=end).order_by("pk")
    evidence: list[dict[str, object]] = [
        {"kind": "follow_up", "id": call.pk, "on": _day(call.called_on),
         "points": SATISFACTION_POINTS[call.satisfaction],  # type: ignore[index]
         "ok": call.satisfaction != "unsatisfied"} for call in calls]
    points = sum(int(row["points"]) for row in evidence)  # type: ignore[call-overload]
    satisfied = sum(1 for call in calls if call.satisfaction == "satisfied")
    explanation = f"本期回访 {len(evidence)} 户，满意 {satisfied} 户（满意 100 分、基本满意 60 分、不满意 0 分取平均）"
    return LineValue(Indicator.SATISFACTION, len(evidence), points, explanation, evidence)


CASEWORK = (families, visits_on_time, rechecks_on_time, jobs_kept, legal_training, satisfaction)


def casework_lines(worker: SocialWorker, start: dt.date, end: dt.date) -> list[LineValue]:
    return [indicator(worker, start, end) for indicator in CASEWORK]


def supervisor_line(score: int | None, comment: str) -> LineValue:
    if score is None:
        return LineValue(Indicator.SUPERVISOR, 0, 0, "待上级评价", [])
    return LineValue(Indicator.SUPERVISOR, 1, score, f"上级评价 {score} 分" + (f"：{comment}" if comment else ""), [])
