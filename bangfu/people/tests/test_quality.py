"""Yearly re-checks and the data-quality lists: stale files, families never assisted, missing evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from bangfu.people import assistance_hook, queries
from bangfu.people.assistance_hook import AssistanceSource, register_assistance_source, unregister_assistance_source
from bangfu.people.models import Evidence, FileStatus, HardshipFile
from bangfu.people.tests.helpers import apply_family

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def users(org_tree: Any, make_user: Any) -> dict[str, Any]:
    return {"worker": make_user("street_social_worker", org_tree["wushan"]),
            "district": make_user("district_officer", org_tree["tianhe"])}


def _in_file(users: dict[str, Any], org_tree: Any, name: str, **fields: Any) -> HardshipFile:
    hardship_file = apply_family(users["worker"], org_tree["wushan"], head=name)
    HardshipFile.objects.filter(pk=hardship_file.pk).update(status=FileStatus.FORMAL, **fields)
    hardship_file.refresh_from_db()
    return hardship_file


def _names(rows: Any) -> set[str]:
    return {f.household.head.name for f in rows}


def test_due_soon_and_overdue_rechecks(users: dict[str, Any], org_tree: Any) -> None:
    _in_file(users, org_tree, "逾期户", recheck_due=TODAY - dt.timedelta(days=1))
    _in_file(users, org_tree, "将到期户", recheck_due=TODAY + dt.timedelta(days=30))
    _in_file(users, org_tree, "未到期户", recheck_due=TODAY + dt.timedelta(days=31))
    relieved = _in_file(users, org_tree, "已脱困户", recheck_due=TODAY - dt.timedelta(days=5))
    HardshipFile.objects.filter(pk=relieved.pk).update(status=FileStatus.RELIEVED)
    assert _names(queries.recheck_list(users["district"], "due")) == {"逾期户", "将到期户"}
    assert _names(queries.recheck_list(users["district"], "overdue")) == {"逾期户"}
    assert queries.recheck_due_count(users["district"]) == 2


def test_files_not_updated_for_twelve_months(users: dict[str, Any], org_tree: Any) -> None:
    _in_file(users, org_tree, "久未更新户", updated_at=timezone.now() - dt.timedelta(days=366))
    _in_file(users, org_tree, "近期更新户", updated_at=timezone.now() - dt.timedelta(days=364))
    assert _names(queries.quality_list(users["district"], "stale")) == {"久未更新户"}


def test_missing_evidence(users: dict[str, Any], org_tree: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    with_evidence = _in_file(users, org_tree, "有材料户")
    _in_file(users, org_tree, "缺材料户")
    evidence = Evidence(hardship_file=with_evidence, kind="income", uploaded_by=users["worker"])
    evidence.upload.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert _names(queries.quality_list(users["district"], "missing_evidence")) == {"缺材料户"}


@pytest.fixture
def evidence_counts_as_assistance() -> Iterator[None]:
    """A stand-in source (any model with a path to the household and a date) until the assistance app's."""
    register_assistance_source(AssistanceSource("people.Evidence", "hardship_file__household", "uploaded_at",
                                                "测试帮扶"))
    yield
    unregister_assistance_source("people.Evidence")


def test_never_assisted_and_last_assisted_through_a_registered_source(
        users: dict[str, Any], org_tree: Any, settings: Any, tmp_path: Any,
        evidence_counts_as_assistance: None) -> None:
    settings.MEDIA_ROOT = tmp_path
    helped = _in_file(users, org_tree, "已帮扶户")
    never = _in_file(users, org_tree, "未帮扶户")
    evidence = Evidence(hardship_file=helped, kind="income", uploaded_by=users["worker"],
                        uploaded_at=timezone.make_aware(dt.datetime(2020, 12, 18, 10)))
    evidence.upload.save("x.pdf", ContentFile(b"%PDF-1.4"), save=True)
    assert _names(queries.quality_list(users["district"], "never_assisted")) == {"未帮扶户"}
    assert assistance_hook.last_assisted_on([helped.pk, never.pk]) == {helped.pk: dt.date(2020, 12, 18)}
    entries = [entry for entry in queries.timeline(helped) if entry.kind == "assistance"]
    assert [(entry.at.date(), entry.label) for entry in entries] == [(dt.date(2020, 12, 18), "测试帮扶")]


def test_models_are_discovered_by_their_fields_when_not_registered() -> None:
    visit = assistance_hook._discover("assistance.Visit", "走访慰问", {})
    assert visit is not None
    assert (visit.household_path, visit.date_field) == ("person__memberships__household", "visited_at")
    paid = assistance_hook._discover("assistance.Disbursement", "帮扶资金发放", {"status": "paid"})
    assert paid is not None
    assert (paid.household_path, paid.date_field, paid.filters) == (
        "payee__memberships__household", "decided_at", (("status", "paid"),))
    assert assistance_hook._discover("people.HouseholdMember", "无日期", {}) is None  # no date field
    assert assistance_hook._discover("nowhere.Nothing", "无", {}) is None


def test_a_registered_source_wins_over_discovery_and_every_source_can_be_queried() -> None:
    sources = {source.model_label: source for source in assistance_hook.assistance_sources()}
    assert "assistance.Visit" in sources and "assistance.Disbursement" in sources
    assert list(assistance_hook.never_assisted(HardshipFile.objects.all())) == []
    assert assistance_hook.last_assisted_on([]) == {}
