"""The demo reproduces the seed's figures, read back through the report API as the demo officers see them."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts import demo as accounts_demo
from bangfu.core.seeding import DemoContext
from bangfu.honours import demo
from bangfu.honours.models import Honour

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def seeded(db: Any) -> DemoContext:
    context = DemoContext(password="demo-Passw0rd!")
    accounts_demo.seed(context)
    demo.seed(context)
    return context


def _report(client: Any, context: DemoContext, username: str, org: str) -> dict[str, Any]:
    client.force_login(context.made["users"][username])
    response = client.get("/api/v1/reports/honours", {"org": org})
    assert response.status_code == 200
    return dict(response.json())


def test_seed_figures(client: Any, seeded: DemoContext) -> None:
    haikou = _report(client, seeded, "hk_officer", "4601")
    national = {row["title"]: row["holders"] for row in haikou["by_title"] if row["level"] == "national"}
    assert national == {"全国劳动模范": 2, "全国先进工作者": 2}
    assert set(Honour.objects.filter(org__code="4601", year=2020, person__isnull=True)
               .values_list("holder_name", flat=True)) == {"刘文民", "陆受伦", "龚银州", "陈清琪"}
    assert haikou["care"] == [{"kind": "health_check", "label": "年度健康体检", "given": 1, "paid": 1,
                               "paid_fen": 120_000}]

    rizhao = _report(client, seeded, "rz_officer", "3711")
    assert 30 < rizhao["speakers"] < 40 and rizhao["teams"] == 1
    assert rizhao["talks_planned"] >= 100 and rizhao["talks_held"] == 1
    school = next(row for row in rizhao["talks_by_venue"] if row["venue"] == "school")
    assert school["audience"] == 600

    yucheng = _report(client, seeded, "yc_officer", "371482")
    titles = {row["title"]: row for row in yucheng["by_title"]}
    assert titles["企业技术之星"]["holders"] == 635
    assert (titles["企业技术之星"]["first_year"], titles["企业技术之星"]["last_year"]) == (2014, 2020)
    assert yucheng["competitions"] == 8 and yucheng["winners"] == 416
    assert {row["trade"] for row in yucheng["winners_by_trade"]} == {"电工", "电焊工", "数控车床", "烹饪"}
    assert titles["金蓝领技师"]["holders"] == 126
    assert (titles["齐鲁首席技师"]["holders"], titles["山东省突出贡献技师"]["holders"],
            titles["山东省技术能手"]["holders"]) == (10, 1, 4)
    assert sorted((row["kind"], row["level"], row["count"]) for row in yucheng["workstations"]) == [
        ("master", "provincial", 1), ("technician", "city", 5)]
    # each officer reads their own unit only
    client.force_login(seeded.made["users"]["yc_officer"])
    assert client.get("/api/v1/reports/honours", {"org": "3711"}).status_code == 404
    demo.seed(seeded)  # idempotent
    assert Honour.objects.filter(org__code="371482", title__code="enterprise_tech_star").count() == 635
