"""The workforce report and the candidate pool, from records made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bangfu.jobs.tests.helpers import setup_user
from bangfu.workforce import queries, services
from bangfu.workforce.models import CandidatePosition
from bangfu.workforce.tests.helpers import assess, hire, make_post

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 30)


def _share(rows: list[Any], key: str) -> tuple[int, float]:
    row = next(r for r in rows if r.key == key)
    return row.count, row.share


def test_report_counts_levels_pay_tenure_certificates_and_training(org_tree: dict, officer: Any) -> None:
    street, county = org_tree["wushan"], org_tree["tianhe"]
    rows: tuple[tuple[Any, dt.date, int, dict[str, Any]], ...] = (
            (street, dt.date(2014, 1, 1), 420_000, {"certificate_level": "social"}),  # 12 years
            (street, dt.date(2020, 1, 1), 380_000, {}),
            (county, dt.date(2024, 1, 1), 280_000, {}),
            (county, dt.date(2023, 1, 1), 320_000, {"employment_type": "retiree"}))
    for unit, hired_on, fen, extra in rows:
        worker = hire(unit, hired_on=hired_on, take_home_fen=None, **extra)
        services.record_pay(actor=officer, worker=worker, month=dt.date(2026, 5, 1), take_home_fen=fen)
    hire(org_tree["chigang"], hired_on=dt.date(2016, 6, 1))  # another district: not counted

    report = queries.workforce_report(officer, county, AS_OF)

    assert report.headcount == 4
    assert report.grassroots_share == 0.5
    assert _share(report.post_levels, "street") == (2, 0.5)
    assert _share(report.pay_bands, "400000-") == (1, 0.25)  # 4,000 元 or more a month
    assert _share(report.pay_bands, "0-300000") == (1, 0.25)
    assert _share(report.tenure_bands, "10-") == (1, 0.25)
    assert _share(report.tenure_bands, "5-10") == (1, 0.25)  # hired 2020: 6 years
    assert _share(report.certificates, "social") == (1, 0.25)
    assert report.initial_training_done == 0 and report.training_completion == 0.0


def test_pay_is_the_average_of_the_last_twelve_months(org_tree: dict, officer: Any) -> None:
    worker = hire(org_tree["wushan"], hired_on=dt.date(2024, 1, 1), take_home_fen=300_000)  # Jan 2024: too old
    for month, fen in ((dt.date(2026, 1, 1), 380_000), (dt.date(2026, 2, 1), 440_000)):
        services.record_pay(actor=officer, worker=worker, month=month, take_home_fen=fen)
    report = queries.workforce_report(officer, org_tree["tianhe"], AS_OF)
    assert _share(report.pay_bands, "400000-") == (1, 1.0)  # (3,800 + 4,400) / 2 = 4,100 元


def test_candidate_pool_puts_each_worker_in_by_a_rule_with_reasons(org_tree: dict, officer: Any) -> None:
    street = org_tree["wushan"]
    senior = hire(street, "资深社工", hired_on=dt.date(2015, 3, 1), certificate_level="senior")
    vice = hire(street, "骨干社工", hired_on=dt.date(2019, 3, 1), certificate_level="social")
    hire(street, "新社工", hired_on=dt.date(2025, 3, 1), certificate_level="social")
    first = assess(street, senior, 95, period=(dt.date(2025, 1, 1), dt.date(2025, 6, 30)))
    run = services.run_assessment(actor=setup_user(), data=services.RunInput(
        org=street, scheme=first.run.scheme, period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 12, 31)))
    for worker in (senior, vice):
        assessment = run.assessments.get(worker=worker)
        services.review_assessment(actor=officer, assessment=assessment, score=95, comment="",
                                   expected_version=assessment.version)

    made = services.build_candidate_pool(actor=officer, org=org_tree["tianhe"], as_of=dt.date(2026, 1, 10))

    assert {(c.worker.person.name, c.position) for c in made} == {
        ("资深社工", CandidatePosition.CHAIR), ("资深社工", CandidatePosition.VICE_CHAIR),
        ("骨干社工", CandidatePosition.VICE_CHAIR)}
    entry = next(c for c in made if c.worker == vice)
    assert entry.target == street and entry.rule.startswith("专职副主席候选人")
    assert entry.reasons == ["职业资格：社会工作师", "在岗 6 年", "最近考核：优秀"]
    again = services.build_candidate_pool(actor=officer, org=org_tree["tianhe"], as_of=dt.date(2026, 1, 10))
    assert len(again) == 3 and queries.candidates(officer).count() == 3  # rebuilt, not doubled


def test_a_community_union_worker_stands_for_the_street_federation_above(org_tree: dict, officer: Any) -> None:
    from bangfu.accounts.models import OrgLevel
    from bangfu.accounts.services import upsert_org_unit
    from bangfu.workforce.services.candidates import street_federation_of

    community = upsert_org_unit(code="440106011001", name="五山社区工会", level=OrgLevel.GRASSROOTS,
                                parent=org_tree["wushan"])
    worker = hire(community, post=make_post(community, "社区工会社工"))
    assert worker.post is not None and worker.post.level == "community"
    assert street_federation_of(worker) == org_tree["wushan"]
