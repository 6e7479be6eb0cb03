"""追加申请人: a worker joins an open collective case — service, page and API, with their refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bangfu.core.errors import ConflictError, ServiceError
from bangfu.core.models import AuditEvent
from bangfu.legal import services
from bangfu.legal.models import Claimant
from bangfu.legal.services import ClaimantIn
from bangfu.legal.tests.helpers import id_number, make_case

pytestmark = pytest.mark.django_db


def test_a_worker_joins_a_collective_case_and_the_totals_follow(places: dict[str, Any]) -> None:
    case = make_case(places["wushan"], count=3, actor=places["worker"])
    number = id_number()
    claimant = services.add_claimant(actor=places["worker"], case=case, expected_version=case.version,
                                     data=ClaimantIn(name="后来者", id_number=number, migrant_worker=True,
                                                     claimed_fen=1_200_000))
    case.refresh_from_db()
    assert claimant.row == 4 and claimant.means_result and claimant.means_reasons
    assert (case.claimant_count, case.claimed_fen, case.version) == (4, 5_700_000, 2)
    assert AuditEvent.objects.filter(action="legal.claimant_added", object_id=str(claimant.pk)).exists()
    with pytest.raises(ConflictError, match="第 5 位申请人：该身份证号已是本案申请人"):
        services.add_claimant(actor=places["worker"], case=case, expected_version=case.version,
                              data=ClaimantIn(name="后来者", id_number=number))
    with pytest.raises(ConflictError):  # stale version
        services.add_claimant(actor=places["worker"], case=case, expected_version=1, data=ClaimantIn(name="甲"))


def test_only_an_open_collective_case_in_scope_takes_claimants(places: dict[str, Any]) -> None:
    single = make_case(places["wushan"], actor=places["worker"])
    with pytest.raises(ServiceError, match="只有集体案件") as refused:
        services.add_claimant(actor=places["worker"], case=single, expected_version=single.version,
                              data=ClaimantIn(name="甲"))
    assert refused.value.status == 409
    other = make_case(places["chigang"], count=2)
    with pytest.raises(ServiceError) as outside:
        services.add_claimant(actor=places["worker"], case=other, expected_version=other.version,
                              data=ClaimantIn(name="甲"))
    assert outside.value.status == 404
    with pytest.raises(ServiceError) as bad_row:
        services.add_claimant(actor=places["worker"], case=other, expected_version=other.version,
                              data=ClaimantIn(name=""))
    assert bad_row.value.status in {404, 422}
    assert Claimant.objects.filter(case=other).count() == 2


def test_page_and_api_add_a_claimant(places: dict[str, Any], client: Client) -> None:
    case = make_case(places["wushan"], count=2, actor=places["worker"])
    client.force_login(places["worker"])
    url = reverse("legal:claimant_add", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and "探针用人单位" in page.content.decode()
    assert 'data-testid="claimant-add"' in client.get(reverse("legal:case_detail", args=[case.pk])).content.decode()
    bad = client.post(url, {"name": "王五", "id_number": "440106198501010000", "version": case.version})
    assert bad.status_code == 422 and "第 3 位申请人：身份证号" in bad.content.decode()
    made = client.post(url, {"name": "王五", "id_number": id_number(), "claimed": "8,000", "version": case.version})
    assert made.status_code == 302
    api = client.post(reverse("api:add_legal_claimant", args=[case.pk]),
                      {"name": "赵六", "claimed_fen": 500_000, "version": case.version + 1},
                      content_type="application/json")
    assert api.status_code == 201 and api.json()["row"] == 4
    stale = client.post(reverse("api:add_legal_claimant", args=[case.pk]), {"name": "钱七", "version": 1},
                        content_type="application/json")
    assert stale.status_code == 409
    case.refresh_from_db()
    assert (case.claimant_count, case.claimed_fen) == (4, 2 * 1_500_000 + 800_000 + 500_000)
