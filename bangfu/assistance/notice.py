"""The public notice (公示): masked name, unit, group, amount — nothing else about the person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangfu.assistance.models import Program
from bangfu.assistance.queries import effective_entries
from bangfu.core.masking import mask_name
from bangfu.core.money import format_yuan


@dataclass(frozen=True)
class NoticeRow:
    masked_name: str
    unit: str
    group: str
    amount_fen: int

    @property
    def amount(self) -> str:
        return format_yuan(self.amount_fen, unit=False)


def notice_rows(user: Any, program: Program, *, unit_id: int | None = None) -> list[NoticeRow]:
    entries = effective_entries(user, program)
    if unit_id is not None:
        entries = entries.filter(blist__org_id=unit_id)
    rows = entries.order_by("org__path", "campaign_group__priority", "person__name_pinyin", "id").values_list(
        "person__name", "org__name", "campaign_group__target_group__name", "amount_fen")
    return [NoticeRow(mask_name(name), unit, group, amount) for name, unit, group, amount in rows]
