"""Capacity never goes below zero: concurrent 录用 on the same opening, each in its own connection."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from bangfu.core.errors import ServiceError
from bangfu.jobs import services
from bangfu.jobs.models import Opening, Referral, ReferralStatus, RetentionCheck
from bangfu.jobs.tests.helpers import make_opening, make_seeker

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2026, 3, 2)
HIRES = 6
PLACES = 2


def test_concurrent_hires_never_overfill_an_opening(org_tree: dict, make_user: Any) -> None:
    org = org_tree["wushan"]
    worker = make_user("street_social_worker", org)
    opening = make_opening(org, positions=PLACES)
    referrals = []
    for n in range(HIRES):
        referral = services.refer_seeker(actor=worker, seeker=make_seeker(org, f"求职者{n}"), opening=opening, on=DAY)
        services.schedule_interview(actor=worker, referral=referral, on=DAY)
        referrals.append(referral.pk)
    barrier = threading.Barrier(HIRES)
    outcomes: list[str] = []
    lock = threading.Lock()

    def hire(pk: int) -> None:
        try:
            referral = Referral.objects.get(pk=pk)
            barrier.wait(timeout=10)
            services.record_hire(actor=worker, referral=referral, on=DAY)
            outcome = "hired"
        except ServiceError:
            outcome = "full"
        except OperationalError:  # SQLite's shared in-memory test database may refuse a concurrent writer
            outcome = "locked"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=hire, args=(pk,)) for pk in referrals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    hired = outcomes.count("hired")
    opening.refresh_from_db()
    assert len(outcomes) == HIRES
    assert opening.positions_filled == hired == Referral.objects.filter(status=ReferralStatus.HIRED).count()
    assert opening.positions_filled <= opening.positions
    assert RetentionCheck.objects.count() == 2 * hired
    if connection.vendor == "postgresql":
        assert (hired, outcomes.count("full")) == (PLACES, HIRES - PLACES)
    else:
        assert 1 <= hired <= PLACES
    assert Opening.objects.filter(pk=opening.pk, positions_filled__gt=PLACES).count() == 0
