"""Medical aid arithmetic: a pure function, integer fen, every step returned as a line of Chinese.

    out-of-pocket (本次自付) = total cost − insurance reimbursement − other aid
    yearly out-of-pocket    = earlier out-of-pocket of the family this year + this claim's
    entitlement             = Σ over tiers of (the part of the yearly out-of-pocket inside the tier × ratio)
                              — the first tier starts at the threshold (起付线); nothing below it is aided
    this claim's aid        = min(entitlement, yearly cap) − aid already paid this year (never below 0)

Rounding: each tier's product is rounded half up to the whole fen (`(segment × percent + 50) // 100`),
then the tiers are added. Computing on the yearly accumulation and subtracting what was paid makes the
sum of a year's claims equal the aid on the year's total: splitting bills never gains or loses a fen
beyond one fen of rounding per tier, and the cap is never exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangfu.core.money import format_yuan


class MedicalSettingsError(ValueError):
    """Settings that cannot be used; the message is Chinese."""


@dataclass(frozen=True)
class Tier:
    upto_fen: int | None  # the tier covers yearly out-of-pocket up to this amount; None: no upper bound
    percent: int  # 0–100


@dataclass(frozen=True)
class MedicalSettings:
    threshold_fen: int
    tiers: tuple[Tier, ...]
    yearly_cap_fen: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MedicalSettings:
        try:
            threshold = int(data["threshold_fen"])
            cap = int(data["yearly_cap_fen"])
            tiers = tuple(Tier(None if t.get("upto_fen") is None else int(t["upto_fen"]), int(t["percent"]))
                          for t in data["tiers"])
        except (KeyError, TypeError, ValueError):
            raise MedicalSettingsError(
                "医疗救助设置应包含起付线 threshold_fen、年度封顶 yearly_cap_fen 和分档 tiers"
                "（每档 upto_fen 与 percent）") from None
        if threshold < 0 or cap < 0:
            raise MedicalSettingsError("起付线和年度封顶不能为负数")
        if not tiers:
            raise MedicalSettingsError("至少需要一个救助比例分档")
        lower = threshold
        for index, tier in enumerate(tiers, start=1):
            if not 0 <= tier.percent <= 100:
                raise MedicalSettingsError(f"第 {index} 档的比例 {tier.percent}% 应在 0–100 之间")
            if tier.upto_fen is None:
                if index != len(tiers):
                    raise MedicalSettingsError(f"只有最后一档可以不设上限（第 {index} 档）")
                continue
            if tier.upto_fen <= lower:
                raise MedicalSettingsError(f"第 {index} 档的上限应高于 {format_yuan(lower)}")
            lower = tier.upto_fen
        return cls(threshold_fen=threshold, tiers=tiers, yearly_cap_fen=cap)

    def to_json(self) -> dict[str, Any]:
        return {"threshold_fen": self.threshold_fen, "yearly_cap_fen": self.yearly_cap_fen,
                "tiers": [{"upto_fen": t.upto_fen, "percent": t.percent} for t in self.tiers]}


@dataclass(frozen=True)
class MedicalAidResult:
    out_of_pocket_fen: int
    yearly_out_of_pocket_fen: int
    entitlement_fen: int
    aid_fen: int
    lines: list[str]


def _round_percent(amount_fen: int, percent: int) -> int:
    return (amount_fen * percent + 50) // 100


def calculate_medical_aid(*, total_cost_fen: int, insurance_fen: int, other_aid_fen: int,
                          previous_out_of_pocket_fen: int, previous_aid_fen: int,
                          settings: MedicalSettings) -> MedicalAidResult:
    if min(total_cost_fen, insurance_fen, other_aid_fen, previous_out_of_pocket_fen, previous_aid_fen) < 0:
        raise ValueError("金额不能为负数")
    out_of_pocket = total_cost_fen - insurance_fen - other_aid_fen
    if out_of_pocket < 0:
        raise ValueError(f"医保报销与其他救助之和（{format_yuan(insurance_fen + other_aid_fen)}）"
                         f"超过医疗总费用（{format_yuan(total_cost_fen)}）")
    yearly = previous_out_of_pocket_fen + out_of_pocket
    lines = [
        f"医疗总费用：{format_yuan(total_cost_fen)}",
        f"减 医保报销：{format_yuan(insurance_fen)}",
        f"减 其他救助：{format_yuan(other_aid_fen)}",
        f"本次自付 = {format_yuan(total_cost_fen)} − {format_yuan(insurance_fen)} − {format_yuan(other_aid_fen)}"
        f" = {format_yuan(out_of_pocket)}",
        f"本年度累计自付 = 此前 {format_yuan(previous_out_of_pocket_fen)} + 本次 {format_yuan(out_of_pocket)}"
        f" = {format_yuan(yearly)}",
        f"起付线：{format_yuan(settings.threshold_fen)}",
    ]
    entitlement = 0
    lower = settings.threshold_fen
    if yearly <= lower:
        lines.append("本年度累计自付未超过起付线，不予救助")
    for index, tier in enumerate(settings.tiers, start=1):
        if yearly <= lower:
            break
        upper = yearly if tier.upto_fen is None else min(yearly, tier.upto_fen)
        segment = upper - lower
        part = _round_percent(segment, tier.percent)
        bound = "以上" if tier.upto_fen is None else f"至 {format_yuan(tier.upto_fen)}"
        lines.append(f"第 {index} 档（{format_yuan(lower)}{bound}，比例 {tier.percent}%）："
                     f"{format_yuan(segment)} × {tier.percent}% = {format_yuan(part)}")
        entitlement += part
        if tier.upto_fen is None:
            break
        lower = tier.upto_fen
    lines.append(f"按本年度累计应救助合计：{format_yuan(entitlement)}")
    capped = min(entitlement, settings.yearly_cap_fen)
    if capped < entitlement:
        lines.append(f"年度封顶 {format_yuan(settings.yearly_cap_fen)}：按封顶计 {format_yuan(capped)}")
    aid = max(0, capped - previous_aid_fen)
    lines.append(f"本年度已救助：{format_yuan(previous_aid_fen)}")
    lines.append(f"本次救助 = {format_yuan(capped)} − {format_yuan(previous_aid_fen)} = {format_yuan(aid)}")
    return MedicalAidResult(out_of_pocket_fen=out_of_pocket, yearly_out_of_pocket_fen=yearly,
                            entitlement_fen=entitlement, aid_fen=aid, lines=lines)
