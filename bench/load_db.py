"""The database side of `bench/load.py`, run in a process of its own with the configuration's environment.

    python bench/load_db.py seed-light                        # the accounts, register, jobs and campaign demo only
    python bench/load_db.py prepare PLAN --users 50 --servers URL,URL --run 1 --password P [--extra 4]
    python bench/load_db.py verify PLAN ACKS                  # prints one JSON line

`prepare` makes the load's staff through the accounts services (each a role at a real unit: street social workers
and district officers of Guangzhou's and Beijing's districts), files `--extra` households per staff member through
the register's service (the first time only), and writes the plan each locust user follows: its server, the
households it reads and edits, the people it files, the campaign entries it visits and the seeker–opening pairs it
refers — each chosen from what that user's roles reach (`scoped_for`, as the pages and the API check it), visits
and referrals split so no two users hold the same one, edits deliberately shared by the staff of one unit (so that
concurrent edits of one record happen and must end in 200 or 409).

`verify` reads the database after the load: every write a user saw acknowledged must be there (households filed,
visits with their disbursements, referrals, and the last acknowledged edit of each household with a version that
counts every acknowledged edit), no two edits may have been accepted on the same version, the ledger reconciles
and the audit chain verifies.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红文斌宇浩凯健俊帆帅旭宁龙林欣佳雪晨阳婷"
FILINGS_PER_USER = 150
EDIT_HOT_SET = 4  # households each unit's staff edit in turn: small, so that edits of one record collide
READ_SET = 40
VISITS_PER_USER = 40
REFERRALS_PER_USER = 80
LOAD_PREFIX = "load_"


def _setup() -> None:
    import django

    django.setup()


def person_name(k: int) -> str:
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES)) % len(GIVEN)] + GIVEN[(k // 7) % len(GIVEN)]


def id_number(region: str, k: int) -> str:
    """A valid, synthetic ID number; `k` apart means a different number (born 1965–1997, sequence 400–499)."""
    from bangfu.people.idgen import make_id_number

    born = dt.date(1965, 1, 1) + dt.timedelta(days=(k // 100) % 12_000)
    return make_id_number(region, born, 400 + k % 100, "M" if k % 2 else "F")


def seed_light() -> None:
    """The demo seeders this load needs (the union tree and accounts, the register, jobs, the campaigns): the
    test's quick seed; `manage.py seed_demo` runs them all."""
    from django.conf import settings
    from django.db import transaction

    from bangfu.core.appmodules import app_modules
    from bangfu.core.seeding import DemoContext

    context = DemoContext(password=str(settings.BANGFU_DEMO_PASSWORD))
    with transaction.atomic():
        for app_config, module in app_modules("demo"):
            if app_config.label in ("accounts", "people", "jobs", "assistance"):
                module.seed(context)
    print(json.dumps({"seeded": "light"}))


def _staff_slots() -> list[tuple[str, Any, Any]]:
    """(role, unit, work unit) in an order whose every prefix mixes the kinds of staff: a Guangzhou street
    social worker at the busiest street of a district, a Beijing district's social worker, a Guangzhou district
    officer (who edits the same street's households), a Beijing district officer; district by district."""
    from collections import Counter

    from bangfu.accounts.models import OrgLevel, OrgUnit
    from bangfu.people.models import HardshipFile

    guangzhou, beijing = OrgUnit.objects.get(code="4401"), OrgUnit.objects.get(code="11")
    gz = list(OrgUnit.objects.filter(parent=guangzhou, level=OrgLevel.COUNTY).order_by("code"))
    bj = list(OrgUnit.objects.filter(parent=beijing, level=OrgLevel.COUNTY).order_by("code"))
    files = Counter(HardshipFile.objects.filter(org__level=OrgLevel.STREET).values_list("org__parent_id", "org_id"))
    busiest: dict[int, int] = {}
    for (district, street), _count in sorted(files.items(), key=lambda item: (item[1], -item[0][1])):
        busiest[district] = street  # the last written is the street with the most files
    slots: list[tuple[str, Any, Any]] = []
    for index in range(max(len(gz), len(bj))):
        if index < len(gz):
            street = OrgUnit.objects.filter(pk=busiest.get(gz[index].pk)).first() or gz[index]
            slots.append(("street_social_worker", street, street))
        if index < len(bj):
            slots.append(("street_social_worker", bj[index], bj[index]))
        if index < len(gz):
            slots.append(("district_officer", gz[index], slots[-2 if index < len(bj) else -1][2]))
        if index < len(bj):
            slots.append(("district_officer", bj[index], bj[index]))
    return slots


def _make_staff(count: int, password: str, extra: int) -> list[tuple[Any, Any]]:
    """The load's staff (made once, through the accounts services) and, the first time, `extra` households per
    staff member filed in its work unit through the register's service."""
    from bangfu.accounts.models import User
    from bangfu.accounts.roles import ensure_roles
    from bangfu.accounts.services import create_user

    groups = ensure_roles()
    slots = _staff_slots()
    if count > len(slots):
        raise SystemExit(f"错误：演示数据只够 {len(slots)} 名工作人员，不足 {count} 名")
    staff = []
    for number, (role, unit, work_unit) in enumerate(slots[:count]):
        username = f"{LOAD_PREFIX}{number:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(actor=None, username=username, password=password, org=unit, roles=[groups[role]],
                               display_name=f"压测{unit.name.removesuffix('总工会')}{number:02d}",
                               must_change_password=False)
            _file_extra(user, work_unit, extra, number)
        staff.append((user, work_unit))
    return staff


def _region(unit: Any) -> str:
    code = (unit.region_code or unit.code)[:6]
    return code if len(code) == 6 and code.isdecimal() else "110101"


def _file_extra(user: Any, work_unit: Any, extra: int, number: int) -> None:
    from bangfu.accounts.models import User
    from bangfu.people import services

    actor = User.objects.get(username="gz_officer" if work_unit.path.startswith("/44/") else "bj_officer")
    for n in range(extra):
        k = 990_000 + number * 100 + n  # apart from the filings of runs 1–8
        member = services.MemberInput(person=services.PersonInput(name=person_name(k), id_number=id_number(
            _region(work_unit), k)), employment_status="unemployed", monthly_income_fen=60_000)
        services.create_household(actor=actor, org=work_unit, data=services.HouseholdInput(
            members=(member,), address=f"{work_unit.name.removesuffix('总工会')}压测小区{n + 1}号",
            file=services.FileInput(primary_cause="laid_off")))


def prepare(plan_path: str, users: int, servers: list[str], run: int, password: str, extra: int) -> None:
    from bangfu.accounts.scoping import scoped_for
    from bangfu.assistance.models import Beneficiary, ListStatus, Program
    from bangfu.jobs.models import Opening, Referral, SeekerProfile, SeekerStatus
    from bangfu.people.models import FileStatus, HardshipFile

    staff = _make_staff(users, password, extra)
    frozen = (FileStatus.RELIEVED, FileStatus.CANCELLED, FileStatus.REJECTED)
    campaign = Program.objects.filter(kind="campaign", status="active").order_by("-pk").first()
    open_entries = Beneficiary.objects.filter(blist__program=campaign, blist__status=ListStatus.APPROVED,
                                              included=True, visits__isnull=True).order_by("pk")
    referred = set(Referral.objects.values_list("seeker_id", "opening_id"))
    taken_entries: set[int] = set()
    plan_users, versions = [], {}
    for number, (user, work_unit) in enumerate(staff):
        editable = (scoped_for(user, HardshipFile.objects.all(), "people.change_hardshipfile")
                    .filter(org__path__startswith=work_unit.path).exclude(status__in=frozen).order_by("pk"))
        edit = list(editable.values_list("household_id", "version", "household__address")[:EDIT_HOT_SET])
        versions.update({household: [version, address] for household, version, address in edit})
        readable = scoped_for(user, HardshipFile.objects.all(), "people.view_hardshipfile").order_by("-pk")
        entries = []
        for entry, amount in scoped_for(user, open_entries, "assistance.add_visit").values_list("pk", "amount_fen"):
            if entry not in taken_entries and len(entries) < VISITS_PER_USER:
                taken_entries.add(entry)
                entries.append({"id": entry, "cash_fen": amount})
        seekers = list(scoped_for(user, SeekerProfile.objects.filter(status=SeekerStatus.SEEKING),
                                  "jobs.add_referral").order_by("pk").values_list("pk", flat=True)[:40])
        openings = list(scoped_for(user, Opening.objects.all(), "jobs.add_referral").order_by("pk")
                        .values_list("pk", "positions", "positions_filled", "valid_until"))
        today = dt.date.today()
        usable = [pk for pk, positions, filled, until in openings
                  if positions > filled and (until is None or until >= today)]
        pairs = []
        for seeker in seekers:
            for opening in usable:
                if len(pairs) < REFERRALS_PER_USER and (seeker, opening) not in referred:
                    referred.add((seeker, opening))
                    pairs.append([seeker, opening])
        may_file = user.has_perm("people.add_hardshipfile")
        region = _region(user.org)
        plan_users.append({
            "username": user.username, "server": servers[number % len(servers)],
            "file_org": user.org_id if may_file else None,
            "filings": [{"name": person_name(k), "id_number": id_number(region, k), "cause": "laid_off",
                         "address": f"{user.org.name.removesuffix('总工会')}压测新村{k % 1000}号"}
                        for k in ((run * 100 + number) * 1000 + n for n in range(FILINGS_PER_USER if may_file else 0))],
            "edit_households": [household for household, _version, _address in edit],
            "read_households": list(readable.values_list("household_id", flat=True)[:READ_SET]),
            "visits": entries, "referrals": pairs,
            "campaign": campaign.pk if campaign and scoped_for(user, Program.objects.filter(pk=campaign.pk),
                                                               "assistance.view_program").exists() else None,
            "address_prefix": f"{work_unit.name.removesuffix('总工会')}压测路",
        })
    plan = {"run": run, "servers": servers, "password": password, "users": plan_users, "versions": versions,
            "started": dt.datetime.now(dt.UTC).isoformat()}
    Path(plan_path).write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"users": len(plan_users), "editable": len(versions),
                      "visits": sum(len(u["visits"]) for u in plan_users),
                      "referrals": sum(len(u["referrals"]) for u in plan_users),
                      "filers": sum(1 for u in plan_users if u["file_org"])}))


def _check_edits(acks: list[dict[str, Any]], versions: dict[str, list[Any]]) -> dict[str, int]:
    """Each household's acknowledged edits form a chain: one per version, the version counts them all, and the
    address is the last one's. Two edits accepted on one version, or fewer versions than acknowledged edits, or
    another address than the last acknowledged one, is a silent overwrite."""
    from bangfu.people.models import HardshipFile

    by_household: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        by_household[ack["household"]].append(ack)
    lost = unacknowledged = 0
    for household, edits in by_household.items():
        current = HardshipFile.objects.select_related("household").get(household_id=household)
        start_version = versions[str(household)][0]
        bases = [edit["base"] for edit in edits]
        lost += len(bases) - len(set(bases))  # two writes accepted on one version: one overwrote the other
        done = current.version - start_version
        if done < len(edits):
            lost += len(edits) - done
        elif done == len(edits) and current.household.address != max(edits, key=lambda e: e["base"])["address"]:
            lost += 1
        unacknowledged += max(0, done - len(edits))  # saved, but the answer was cut off when the load stopped
    return {"edits_lost": lost, "edits_unacknowledged": unacknowledged, "edited_households": len(by_household)}


def _check_created(acks: list[dict[str, Any]]) -> dict[str, int]:
    from bangfu.assistance.models import Visit
    from bangfu.jobs.models import Referral
    from bangfu.people.models import Household

    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks:
        kinds[ack["kind"]].append(ack)
    filed = {pk: head for pk, head in Household.objects.filter(pk__in=[a["household"] for a in kinds["filing"]])
             .values_list("pk", "head__name")}
    filing_lost = sum(1 for a in kinds["filing"] if filed.get(a["household"]) != a["name"])
    visits = {pk: (entry, cash, paid) for pk, entry, cash, paid in Visit.objects.filter(
        pk__in=[a["visit"] for a in kinds["visit"]]).values_list("pk", "beneficiary_id", "cash_fen", "disbursement")}
    visit_lost = sum(1 for a in kinds["visit"]
                     if visits.get(a["visit"], (None, None, None))[:2] != (a["entry"], a["cash_fen"])
                     or (a["cash_fen"] and visits[a["visit"]][2] is None))
    referrals = dict(Referral.objects.filter(pk__in=[a["referral"] for a in kinds["referral"]])
                     .values_list("pk", "seeker_id"))
    referral_lost = sum(1 for a in kinds["referral"] if referrals.get(a["referral"]) != a["seeker"])
    return {"filings": len(kinds["filing"]), "filings_lost": filing_lost, "visits": len(kinds["visit"]),
            "visits_lost": visit_lost, "referrals": len(kinds["referral"]), "referrals_lost": referral_lost,
            "edits": len(kinds["edit"]), "stale_409": len(kinds["stale"])}


def _command_ok(name: str, *args: str) -> bool:
    from django.core.management import call_command

    try:
        call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO())
    except (SystemExit, Exception) as exc:  # any refusal is a failed check
        return isinstance(exc, SystemExit) and not exc.code
    return True


def verify(plan_path: str, acks_path: str) -> None:
    from bangfu.accounts.models import User
    from bangfu.people.models import HardshipFile

    plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
    lines = Path(acks_path).read_text(encoding="utf-8").splitlines() if Path(acks_path).exists() else []
    acks = [json.loads(line) for line in lines if line.strip()]
    result = _check_created(acks) | _check_edits([a for a in acks if a["kind"] == "edit"], plan["versions"])
    staff = User.objects.filter(username__startswith=LOAD_PREFIX)
    filed_in_db = HardshipFile.objects.filter(created_by__in=staff, created_at__gte=plan["started"]).count()
    result |= {"filings_in_db": filed_in_db, "ledger_reconciled": _command_ok("reconcile_ledger"),
               "audit_chain_verified": _command_ok("audit_verify")}
    result["lost"] = sum(result[k] for k in ("filings_lost", "visits_lost", "referrals_lost", "edits_lost"))
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed-light")
    p = sub.add_parser("prepare")
    p.add_argument("plan")
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--servers", required=True)
    p.add_argument("--run", type=int, default=1)
    p.add_argument("--password", required=True)
    p.add_argument("--extra", type=int, default=4)
    v = sub.add_parser("verify")
    v.add_argument("plan")
    v.add_argument("acks")
    args = parser.parse_args()
    _setup()
    if args.command == "seed-light":
        seed_light()
    elif args.command == "prepare":
        prepare(args.plan, args.users, args.servers.split(","), args.run, args.password, args.extra)
    else:
        verify(args.plan, args.acks)


if __name__ == "__main__":
    main()
