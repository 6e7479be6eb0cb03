"""Capacity never goes below zero: concurrent 录用 on the same opening, each in its own connection.

Real threads started together (bangfu.core.tests.helpers.race): each statement waits for a lock as on a
SQLite file and PostgreSQL; nothing retries a hire. The conditional UPDATE of the opening takes a place only
while one is left, so exactly PLACES hires go through on either database and the rest are told it is full.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db import connection

from bangfu.core.errors import ServiceError
from bangfu.core.models import AuditEvent
from bangfu.core.tests.helpers import race
from bangfu.jobs import services
from bangfu.jobs.models import Opening, Referral, ReferralStatus, RetentionCheck, SeekerProfile, SeekerStatus
from bangfu.jobs.tests.helpers import make_opening, make_seeker

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 3, 2)
HIRES = 6
PLACES = 2
FULL = "岗位已招满，不能再录用"


def test_concurrent_hires_never_overfill_an_opening(org_tree: dict, make_user: Any) -> None:
    org = org_tree["wushan"]
    worker = make_user("street_social_worker", org)
    opening = make_opening(org, positions=PLACES)
    referrals = []
    for n in range(HIRES):
        referral = services.refer_seeker(actor=worker, seeker=make_seeker(org, f"求职者{n}"), opening=opening, on=DAY)
        services.schedule_interview(actor=worker, referral=referral, on=DAY)
        referrals.append(referral.pk)

    def hire(call: int) -> str:
        """One officer records the hire of one referral (each statement waiting for a lock, nothing retried)."""
        try:
            services.record_hire(actor=worker, referral=Referral.objects.get(pk=referrals[call]), on=DAY)
        except ServiceError as refused:  # the opening full is a 409 with its own message; anything else shows
            return "full" if (refused.status, str(refused)) == (409, FULL) else f"refused {refused.status}: {refused}"
        return "hired"

    outcomes = race(hire, threads=HIRES)
    hired = outcomes["hired"]
    opening.refresh_from_db()
    # Every hire went through or was told the opening is full, as many of each as it has places: none failed,
    # none met a lock (an exception would be counted under its text).
    assert outcomes == Counter(hired=PLACES, full=HIRES - PLACES), (connection.vendor, outcomes)
    assert opening.positions_filled == hired == Referral.objects.filter(status=ReferralStatus.HIRED).count()
    assert opening.positions_filled <= opening.positions
    # A refused hire rolled back whole: its referral still at the interview, its seeker still seeking.
    assert Referral.objects.filter(status=ReferralStatus.INTERVIEW).count() == HIRES - PLACES
    assert SeekerProfile.objects.filter(status=SeekerStatus.EMPLOYED).count() == hired
    assert RetentionCheck.objects.count() == 2 * hired
    assert AuditEvent.objects.filter(action="jobs.referral_hired").count() == hired
    assert Opening.objects.filter(pk=opening.pk, positions_filled__gt=PLACES).count() == 0
