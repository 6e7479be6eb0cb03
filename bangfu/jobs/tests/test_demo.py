"""The demo: Guangzhou employers with valid codes, ~300 openings over the 11 districts, 严先生 of 从化区,
referrals in every state, one completed matching run; running it twice adds nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from stdnum.cn import uscc

from bangfu.accounts import demo as accounts_demo
from bangfu.core.seeding import DemoContext
from bangfu.jobs import demo as jobs_demo
from bangfu.jobs.models import Employer, Opening, Referral, SeekerProfile
from bangfu.matching import demo as matching_demo
from bangfu.matching.models import MatchingRun, RunStatus

pytestmark = pytest.mark.django_db


def _seed_twice() -> DemoContext:
    context = DemoContext(password="Demo-Password-123")
    accounts_demo.seed(context)
    for _ in range(2):
        jobs_demo.seed(context)
        matching_demo.seed(context)
    return context


def _counts() -> dict[str, Any]:
    return {"employers": Employer.objects.count(), "openings": Opening.objects.count(),
            "profiles": SeekerProfile.objects.count(), "referrals": Referral.objects.count(),
            "runs": MatchingRun.objects.count()}


def test_the_demo_is_guangzhous_job_market_and_seeds_once() -> None:
    context = _seed_twice()
    assert _counts() == {"employers": 44, "openings": 297, "profiles": 1, "referrals": 1, "runs": 1}
    assert all(uscc.is_valid(code) for code in Employer.objects.values_list("uscc", flat=True))
    districts = Counter(Opening.objects.values_list("district_code", flat=True))
    assert len(districts) == 11 and set(districts.values()) == {27}
    assert {"电商运营专员", "网店客服", "家政服务员（南粤家政）", "粤菜厨师（粤菜师傅）", "电工（广东技工）",
            "仓储管理员", "保洁员", "网店美工"} <= set(Opening.objects.values_list("title", flat=True))
    yan = SeekerProfile.objects.select_related("person").get()
    assert (yan.person.name, yan.home_district, yan.caring_duties) == ("严志明", "440117", True)
    assert yan.needs == ["remote", "flexible_hours"] and yan.org.path.startswith(context.made["orgs"]["conghua"].path)
    referral = Referral.objects.get()
    assert (referral.seeker, referral.status, referral.opening.title) == (yan, "interview", "网店运营（居家办公）")
    run = MatchingRun.objects.get()
    assert (run.status, run.org) == (RunStatus.DONE, context.made["orgs"]["guangzhou"])
    assert run.seekers_count == 0  # 严先生 is in a referral already: he waits for its outcome
