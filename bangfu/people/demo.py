"""Demo register: Guangzhou's families reproducing the seed's shares, Beijing for the holiday campaign,
and a few families in Songjiang and Alar. Synthetic people (Faker zh_CN, seeded), valid ID numbers.

Guangzhou — the shares of the Workers' Daily report (2020-12-18)
-----------------------------------------------------------------
"近4成家庭的家庭成员下岗失业，3成多家庭的家庭成员残疾或患有精神疾病，逾4成家庭子女上学费用支出大，
近4成职工自身罹患重大疾病医疗费用支出大，15%的家庭成员无劳动能力属零劳动力家庭……近四分之一的困难
职工家庭兼有两项或多项上述致困原因。"

Base: the 400 Guangzhou families in file (status formal, temporary or returned). Chosen shares:
下岗失业 38% (152), 残疾或精神疾病 33% (132), 子女上学 42% (168), 重大疾病 38% (152), 零劳动力 15% (60),
two or more of these five 24% (96).

Are the figures consistent? They add up to 166%, which looks impossible beside "only a quarter have two
or more" — but it is not, read literally. Let n₁ be the families with exactly one of the five causes and
the 24% have the rest: Σ shares = n₁ + (cause memberships of the multi-cause families). If every family
in file has at least one of the five (the report lists them as the causes of Guangzhou's families),
n₁ = 76%, so the 24% carry 166 − 76 = 90 points: 3.75 of the five causes each on average, which is
possible (at most 5), and each cause's multi-cause part (≤ 24 points) fits under its share. So the
literal reading holds — "two or more" counts households with ≥ 2 of the five seed causes, over the
same base — and no other reading is needed. It does say something about Guangzhou: three families in
four have one cause; the rest pile up several (illness, unemployment, schooling, disability together).

The allocation (people/demodata/guangzhou.py, ALLOCATION), as families with exactly these causes:
    L only 96, D only 48, S only 84, I only 56, Z only 20            (304 = 76%, one cause)
    L+D+S+I 44, L+S+I 12, Z+D+S+I 28, Z+D+I 12                      (96 = 24%, 3.75 causes on average)
    → L 152, D 132, S 168, I 152, Z 60 — exactly 38/33/42/38/15 %, and 24% with two or more.
Zero-labour excludes unemployment (an unemployed member is in the labour force), so Z never meets L.

Which stored fields define each share (the bulletin must compute these; docs/register.md says the same):
    下岗失业          "laid_off" in HardshipFile.causes (primary_cause or secondary_causes)
    残疾或精神疾病    HardshipFile.disability_or_mental_illness is True
    子女上学          "child_schooling" in HardshipFile.causes
    重大疾病          "major_illness" in HardshipFile.causes
    零劳动力          HardshipFile.zero_labour is True
    two or more       at least two of the five above
The members agree (an unemployed member ⇔ laid_off; a member flagged disabled ⇔ the flag; a student
child ⇔ child_schooling; the head ill ⇔ major_illness; nobody employed or unemployed ⇔ zero_labour),
so a count from members gives the same figures. Outside the base there are 24 more Guangzhou files
(14 pending applications, 6 out of hardship, 4 cancelled; one seed cause each, cycling L, S, I, D, Z);
counted over all 424 files the shares would drift (下岗失业 37.0%, 子女上学 40.8%, two or more 22.6%),
which is why the base is "in file".
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from django.utils import timezone
from faker import Faker

from bangfu.accounts.models import OrgUnit
from bangfu.core.seeding import DemoContext
from bangfu.people.demodata import beijing, guangzhou
from bangfu.people.demodata.families import plan_family
from bangfu.people.demodata.writer import PeopleMaker, write_families
from bangfu.people.duplicates import scan_duplicates
from bangfu.people.facts import DEFAULT_MINIMUMS_FILE, MinimumTable
from bangfu.people.models import FileStatus, HardshipFile, LocalMinimum, TierRule
from bangfu.people.tiers import DEFAULT_RULES_FILE, load_tier_rules

SONGJIANG_FILES = 20
ALAR_FILES = 50  # the seed's ventures helped 41 hardship households in Alar


def _install_rule_tables() -> None:
    """The bundled tier rules and local minimums, as rows an administrator can edit (once)."""
    if not TierRule.objects.exists():
        for row in json.loads(DEFAULT_RULES_FILE.read_text(encoding="utf-8")):
            TierRule.objects.create(**row["fields"])
    if not LocalMinimum.objects.exists():
        for row in json.loads(DEFAULT_MINIMUMS_FILE.read_text(encoding="utf-8")):
            fields = dict(row["fields"], effective_from=dt.date.fromisoformat(row["fields"]["effective_from"]))
            LocalMinimum.objects.create(**fields)


def _seeded(unit: OrgUnit) -> bool:
    return HardshipFile.objects.filter(org__path__startswith=unit.path).exists()


def _small_region(maker: PeopleMaker, root: OrgUnit, count: int, minimum_fen: int) -> list[Any]:
    streets = list(OrgUnit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).order_by("code")) or [root]
    today = timezone.localdate()
    mixes = (frozenset("L"), frozenset("I"), frozenset("S"), frozenset("D"), frozenset("LS"), frozenset("ZDI"))
    return [
        plan_family(maker, unit, unit.name.removesuffix("总工会"), maker.rng.choice(mixes), minimum_fen,
                    status=FileStatus.FORMAL, filed_on=today - dt.timedelta(days=maker.rng.randrange(60, 1000)),
                    assessed_on=today - dt.timedelta(days=maker.rng.randrange(0, 330)))
        for unit in (maker.rng.choice(streets) for _ in range(count))
    ]


def seed(context: DemoContext) -> None:
    orgs: dict[str, OrgUnit] = context.made["orgs"]
    users: dict[str, Any] = context.made.get("users", {})
    _install_rule_tables()
    rules, minimums = load_tier_rules(), MinimumTable.load()
    fake = Faker("zh_CN")
    fake.seed_instance(context.seed)
    maker = PeopleMaker(random.Random(context.seed), fake)
    today = timezone.localdate()
    made: dict[str, Any] = context.made.setdefault("people", {})
    if not _seeded(orgs["guangzhou"]):
        written = write_families(guangzhou.plan_guangzhou(maker, orgs, users, minimums.monthly_fen("440100", today)),
                                 maker, rules, minimums, steward=users.get("gz_officer"))
        guangzhou.age_some_files(written.files)
        scan_duplicates(city_code="4401")
    if not _seeded(orgs["beijing"]):
        minimum = minimums.monthly_fen("110000", today)
        write_families(beijing.plan_files(maker, orgs, users, minimum) + beijing.plan_died_on_duty(maker, orgs),
                       maker, rules, minimums)
        beijing.make_workers(maker, orgs)
    if not _seeded(orgs["songjiang"]):
        write_families(_small_region(maker, orgs["songjiang"], SONGJIANG_FILES, minimums.monthly_fen("310117", today)),
                       maker, rules, minimums)
    if not _seeded(orgs["alar"]):
        write_families(_small_region(maker, orgs["alar"], ALAR_FILES, minimums.monthly_fen("659002", today)),
                       maker, rules, minimums)
    for key in ("guangzhou", "beijing", "songjiang", "alar"):
        made[f"{key}_file_ids"] = list(HardshipFile.objects.filter(org__path__startswith=orgs[key].path)
                                       .order_by("pk").values_list("pk", flat=True))
