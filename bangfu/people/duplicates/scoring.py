"""The score of a pair: evidence for "one family", each signal weighed by how rarely it holds by chance
(docs/register.md has the table). Pure: reads two `FileRow`s and their phone numbers, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bangfu.people.duplicates.addresses import ADDRESS_SIMILARITY, address_similarity
from bangfu.people.duplicates.rows import FileRow

MAX_PAIRS_PER_FILE = 10

THRESHOLD = 6.0  # a pair is queued from this score on: two independent signals, or one that is proof enough
MEMBER_SAME = 3.0  # a member in both files, head or not: same name pinyin and birth date (homophones included)
FIRST_SAME = 1.0  # more for the first such member: one person alike, with nothing else, is still chance (4 < 6)
MEMBER_SIMILAR = 3.0  # same birth date, names one character apart (a typo)
MEMBER_CLOSE = 2.0  # same name pinyin, birth dates one digit or a day, a month or a year apart (a typo)
MAX_MEMBER_POINTS = 10.0
PHONE_SAME = 4.0
PHONE_DIFFERENT = -1.0  # both given, different: weak (numbers change), yet evidence against
SAME_FLAT = 6.0  # one flat holds one family: proof enough on its own
ADDRESS_SIMILAR = 3.0  # same road and number, near-identical down to the flat (a room typed differently)
ADDRESS_FAR = -1.0  # both given, another road or house number: families move, so weak


def birth_close(a: Any, b: Any) -> bool:
    """Two different dates one typing slip apart: one digit of YYYYMMDD, or a day, a month or a year off."""
    if not a or not b or a == b:
        return False
    digits = sum(x != y for x, y in zip(f"{a:%Y%m%d}", f"{b:%Y%m%d}", strict=True))
    days = abs((a - b).days)
    return digits == 1 or days == 1 or ((a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1) \
        or ((a.year, a.day) == (b.year, b.day) and abs(a.month - b.month) == 1)


def one_character_apart(a: str, b: str) -> bool:
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1


@dataclass
class Match:
    """Why two files may be one family: the signals that held, their score and how alike the addresses are."""

    heads_same: bool = False
    same: int = 0  # members (heads included) with the same name pinyin and birth date
    similar: int = 0  # same birth date, names one character apart
    close: int = 0  # same name pinyin, birth dates a typo apart
    phone: int = 0  # 1 same, -1 different (both given), 0 unknown
    same_address: bool = False
    similarity: float = 0.0
    far: bool = False  # both addresses given, different blocks
    score: float = 0.0
    crowded: int = 0  # the files of the pair had this many candidates; only the closest were kept

    @property
    def name_birth(self) -> bool:
        return self.same > 0

    def compute(self) -> float:
        members = MEMBER_SAME * self.same + (FIRST_SAME if self.same else 0.0) + MEMBER_SIMILAR * self.similar \
            + MEMBER_CLOSE * self.close
        address = SAME_FLAT if self.same_address else ADDRESS_SIMILAR if self.similarity >= ADDRESS_SIMILARITY \
            else ADDRESS_FAR if self.far else 0.0
        phone = PHONE_SAME if self.phone > 0 else PHONE_DIFFERENT if self.phone < 0 else 0.0
        self.score = round(min(members, MAX_MEMBER_POINTS) + address + phone, 2)
        return self.score

    def holds(self) -> bool:
        return self.score >= THRESHOLD

    def rank(self) -> tuple[float, float]:
        return (self.score, self.similarity)

    def reasons(self) -> list[str]:
        reasons = []
        if self.heads_same:
            reasons.append("户主姓名拼音相同且出生日期相同")
        others = self.same - self.heads_same
        if others:
            reasons.append(f"另有 {others} 名家庭成员姓名拼音和出生日期相同")
        if self.similar:
            reasons.append(f"{self.similar} 名家庭成员出生日期相同、姓名仅一字之差")
        if self.close:
            reasons.append(f"{self.close} 名家庭成员姓名拼音相同、出生日期仅一处之差")
        if self.phone > 0:
            reasons.append("联系电话相同")
        if self.same_address:
            reasons.append("住址相同（规范化后一致）")
        elif self.similarity >= ADDRESS_SIMILARITY:
            reasons.append(f"住址高度相似（相似度 {self.similarity:.2f}）")
        if self.phone < 0:
            reasons.append("联系电话不同")
        if self.far:
            reasons.append("住址不在同一门牌")
        reasons.append(f"综合评分 {self.score:g}（{THRESHOLD:g} 分起列为疑似重复）")
        if self.crowded > MAX_PAIRS_PER_FILE:
            reasons.append(f"该户相似档案较多（本次共 {self.crowded} 个），仅列出最相近的 {MAX_PAIRS_PER_FILE} 个")
        return reasons


def compare_members(first: FileRow, second: FileRow, match: Match) -> None:
    """Each member of the first file matched to at most one of the second: the same person, a typo away, or not."""
    others = list(second.persons())
    for person in first.persons():
        kind, found = "", None
        for other in others:
            if person.birth and person.birth == other.birth and person.pinyin and person.pinyin == other.pinyin:
                kind, found = "same", other
                break
            if not kind and person.birth and person.birth == other.birth and one_character_apart(person.name,
                                                                                                 other.name):
                kind, found = "similar", other
            elif not kind and person.pinyin and person.pinyin == other.pinyin and birth_close(person.birth,
                                                                                              other.birth):
                kind, found = "close", other
        if found is None:
            continue
        others.remove(found)
        setattr(match, kind, getattr(match, kind) + 1)
        if kind == "same" and (person.pinyin, person.birth) == (first.pinyin, first.birth) \
                and (found.pinyin, found.birth) == (second.pinyin, second.birth):
            match.heads_same = True


def score_pair(first: FileRow, second: FileRow, phones: dict[int, set[str]] | None = None) -> Match:
    """The full comparison of two files: every member, the phone numbers, the address parsed to its block."""
    match = Match()
    compare_members(first, second, match)
    match.similarity = address_similarity(first.address_key, second.address_key)
    match.same_address = bool(first.address_key) and first.address_key == second.address_key \
        and first.address_key != first.block
    match.far = bool(first.block and second.block) and first.block != second.block
    if phones is not None:
        mine, theirs = phones.get(first.file_id, set()), phones.get(second.file_id, set())
        match.phone = (1 if mine & theirs else -1) if mine and theirs else 0
    match.compute()
    return match
