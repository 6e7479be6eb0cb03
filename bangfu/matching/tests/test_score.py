"""The reference score: each part, its weight, and its Chinese reason."""

from __future__ import annotations

import math
from datetime import date

import pytest

from bangfu.matching.engine import (
    DEFAULT_WEIGHTS,
    PART_NAMES,
    DistrictTable,
    Opening,
    ScoreBreakdown,
    Seeker,
    Weights,
    corpus_of,
    haversine_km,
    score_pair,
    slot_mask,
    wage_fit,
)

AS_OF = date(2024, 3, 5)

SEEKER = Seeker(
    id="S1",
    tags={"电商", "客服", "Excel"},
    occupation_codes=["4-01-06-01"],
    districts={"440106"},
    home_district="440106",
    wage_floor_fen=400000,
    text="有三年淘宝客服经验，熟悉Excel，想做电商客服",
    employment_difficulty=True,
)
OPENING = Opening(
    id="J1",
    title="电商客服",
    occupation_code="4-01-06-01",
    tags={"电商", "客服", "excel", "直播"},
    text="负责淘宝店铺客服，熟练使用Excel",
    district="440106",
    wage_min_fen=450000,
    wage_max_fen=600000,
    shift_slots=slot_mask(0, 9, 12),
)
OTHER = Opening(id="J2", title="仓库管理员", text="仓库 叉车 物流", district="440105", wage_max_fen=500000)


def breakdown(
    seeker: Seeker = SEEKER, opening: Opening = OPENING, weights: Weights = DEFAULT_WEIGHTS
) -> ScoreBreakdown:
    return score_pair(seeker, opening, corpus=corpus_of([OPENING, OTHER], weights), weights=weights)


def test_a_close_pair_scores_every_part_with_its_reason() -> None:
    result = breakdown()
    assert result.parts["occupation"] == 1.0
    assert result.parts["tags"] == 0.75  # 3 of the opening's 4 tags; "excel" matches "Excel"
    assert 0 < result.parts["text"] < 1
    assert result.parts["intention"] == 1.0  # "电商" and "客服" both in the seeker's text
    assert result.parts["district"] == 1.0
    assert result.parts["wage"] == 1.0
    assert result.parts["priority"] == 1.0
    assert result.reasons == (
        "职业相同（细类 4-01-06-01 电子商务师）",
        "标签重合 3 项：excel、客服、电商（岗位共 4 项）",
        "经历与岗位描述相关：excel、客服、淘宝",
        "求职意向提到：电商、客服",
        "同区（天河区）",
        "期望月薪 4,000 元，岗位 4,500–6,000 元",
        "就业困难人员，优先推荐",
    )


def test_the_total_is_the_weighted_sum_of_the_parts() -> None:
    result = breakdown()
    expected = sum(DEFAULT_WEIGHTS.weight_of(name) * result.parts[name] for name in PART_NAMES)
    assert result.total == pytest.approx(expected, abs=1e-12)
    assert set(result.contributions) == set(PART_NAMES)
    assert all(0.0 <= value <= 1.0 for value in result.parts.values())


def test_the_priority_bonus_is_the_only_difference_for_employment_difficulty() -> None:
    with_priority = breakdown()
    without = breakdown(seeker=Seeker(**{**SEEKER.__dict__, "employment_difficulty": False}))
    assert with_priority.total - without.total == pytest.approx(DEFAULT_WEIGHTS.employment_difficulty_bonus)
    assert "就业困难人员，优先推荐" not in without.reasons


def test_district_part_halves_every_ten_km() -> None:
    haizhu = Opening(**{**OPENING.__dict__, "district": "440105"})
    result = breakdown(opening=haizhu)
    table = DistrictTable.default()
    km = table.distance_km("440106", "440105")
    assert km is not None
    assert result.parts["district"] == pytest.approx(0.5 ** (km / 10))
    assert f"距离约 {km:.1f} 公里（海珠区）" in result.reasons


def test_haversine_matches_a_known_distance() -> None:
    # 天安门 (39.9087, 116.3975) to 广州塔 (23.1064, 113.3245): about 1,890 km.
    assert haversine_km(39.9087, 116.3975, 23.1064, 113.3245) == pytest.approx(1890, rel=0.01)
    assert haversine_km(23.1, 113.3, 23.1, 113.3) == 0.0


def test_wage_fit_is_the_share_of_the_range_above_the_floor() -> None:
    assert wage_fit(400000, 450000, 600000) == 1.0
    assert wage_fit(500000, 400000, 600000) == 0.5
    assert wage_fit(600000, 400000, 600000) == 0.0
    assert wage_fit(500000, 500000, 500000) == 1.0


def test_occupation_reasons_name_the_level() -> None:
    def reason_for(intended: str, code: str) -> str:
        seeker = Seeker(id="S", occupation_codes=[intended])
        opening = Opening(id="J", occupation_code=code, wage_max_fen=1)
        reason: str = breakdown(seeker, opening).reasons[0]
        return reason

    assert reason_for("4-01-02", "4-01-02-04") == "职业符合意向（小类 4-01-02 销售人员）"
    assert reason_for("4-01-02-01", "4-01-02-04") == "职业相近（同小类 4-01-02 销售人员）"
    assert reason_for("4-01-02-01", "4-02-05-01") == "职业相近（同大类 4 社会生产服务和生活服务人员）"
    editions = breakdown(Seeker(id="S", occupation_codes=["4-01-02-04"], occupation_edition="2015"), OPENING)
    assert editions.parts["occupation"] == 0.0
    assert editions.reasons[0] == "职业分类版本不同（2015 与 2022），未比较职业"


def test_an_unknown_home_gives_no_district_part_and_no_reason() -> None:
    result = breakdown(seeker=Seeker(id="S", wage_floor_fen=0))
    assert result.parts["district"] == 0.0
    assert result.reasons == ("未填期望月薪，岗位 4,500–6,000 元",)


def test_custom_weights_change_only_their_part() -> None:
    heavy_tags = Weights(tags=1.0)
    assert breakdown(weights=heavy_tags).contributions["tags"] == 0.75
    assert breakdown(weights=heavy_tags).contributions["occupation"] == DEFAULT_WEIGHTS.occupation


@pytest.mark.parametrize(
    "changes",
    [
        {"tags": -0.1},
        {"employment_difficulty_bonus": -1.0},
        {"occupation_same_minor": 1.5},
        {"occupation_same_major": 0.7},
        {"distance_half_life_km": 0},
        {"bm25_b": 2.0},
        {"text": math.nan},
    ],
)
def test_invalid_weights_are_refused(changes: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Weights(**changes)


def test_without_a_corpus_the_opening_alone_is_the_corpus() -> None:
    # Two words of equal weight in a one-document corpus: the seeker covers half the description.
    result = score_pair(Seeker(id="S", text="叉车"), Opening(id="J", text="叉车 仓库", wage_max_fen=1))
    assert result.parts["text"] == pytest.approx(0.5)
    assert result.reasons[0] == "经历与岗位描述相关：叉车"
