"""The province of `manage.py seed_scale`: 广东省总工会, its 21 cities × 10 districts × 10 streets, and officers.

City and district names are those python-stdnum's division table gives for the codes (广州市, 天河区 …); a
district code the table does not hold is a synthetic one (区440112总工会). Accounts: a province officer
(`scale_province`), one city officer per city (`scale_city_4401` …) and one district officer per district
(`scale_district_440103` …), with the real roles; they have no usable password (the benchmarks sign them in
with the test client; an administrator may give them one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from stdnum import numdb

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.roles import ensure_roles
from bangfu.accounts.services import upsert_org_unit
from bangfu.core.seeding import ScaleContext

PROVINCE = "44"
# Guangdong's 21 prefecture-level cities (NBS codes).
CITIES = ("4401", "4402", "4403", "4404", "4405", "4406", "4407", "4408", "4409", "4412", "4413", "4414", "4415",
          "4416", "4417", "4418", "4419", "4420", "4451", "4452", "4453")
DISTRICTS_PER_CITY = 10
STREETS_PER_DISTRICT = 10


@lru_cache(maxsize=1024)
def place_name(code: str) -> str:
    """The name python-stdnum's table gives a 4- or 6-digit code today ("" when it holds none)."""
    info = {key: value for _part, props in numdb.get("cn/loc").info(code.ljust(6, "0")) for key, value in props.items()}
    names = [name for name in info.get("county", "").split(",") if name]
    current = [name.split("]", 1)[1] for name in names if name.startswith("[") and name.split("]")[0].endswith("-")]
    plain = [name for name in names if not name.startswith("[")]
    found = (current or plain or [""])[-1]
    return "" if found == "市辖区" else found


def real_counties(units: list[OrgUnit]) -> list[str]:
    """The codes among `units` that name a county today (ID numbers are drawn from these)."""
    return [unit.code for unit in units if place_name(unit.code)]


def district_codes(city: str) -> list[str]:
    """Ten 6-digit codes: the city's own districts first (today's, from the table), then synthetic ones."""
    real = [f"{city}{n:02d}" for n in range(2, 100) if place_name(f"{city}{n:02d}")]
    synthetic = [f"{city}{n:02d}" for n in range(2, 100) if f"{city}{n:02d}" not in real]
    return (real + synthetic)[:DISTRICTS_PER_CITY]


def build_province() -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit], list[OrgUnit]]:
    """Idempotent: (province, cities, districts, streets)."""
    root = upsert_org_unit(code="CN", name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    province = upsert_org_unit(code=PROVINCE, name="广东省总工会", level=OrgLevel.PROVINCE, parent=root,
                               region_code="440000")
    cities, districts, streets = [], [], []
    for order, city_code in enumerate(CITIES):
        city = upsert_org_unit(code=city_code, name=f"{place_name(city_code) or city_code + '市'}总工会",
                               level=OrgLevel.CITY, parent=province, region_code=f"{city_code}00", sort_order=order)
        cities.append(city)
        for d_order, code in enumerate(district_codes(city_code)):
            district = upsert_org_unit(code=code, name=f"{place_name(code) or '区' + code}总工会",
                                       level=OrgLevel.COUNTY, parent=city, region_code=code, sort_order=d_order)
            districts.append(district)
            short = district.name.removesuffix("总工会")
            for n in range(1, STREETS_PER_DISTRICT + 1):
                street_code = f"{code}{n:03d}"
                streets.append(upsert_org_unit(code=street_code, name=f"{short}第{n}街道总工会",
                                               level=OrgLevel.STREET, parent=district, region_code=street_code,
                                               sort_order=n))
    return province, cities, districts, streets


def officer(username: str, unit: OrgUnit, group: Any) -> User:
    user, _created = User.objects.get_or_create(username=username, defaults={"org": unit})
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.set([group])
    return user


def seed(context: ScaleContext) -> None:
    province, cities, districts, streets = build_province()
    context.made.update(province=province, cities=cities, districts=districts, streets=streets)
    groups = ensure_roles()
    context.made["province_officer"] = officer("scale_province", province, groups["city_officer"])
    context.made["city_officers"] = {city.code: officer(f"scale_city_{city.code}", city, groups["city_officer"])
                                     for city in cities}
    context.made["district_officers"] = {
        unit.code: officer(f"scale_district_{unit.code}", unit, groups["district_officer"]) for unit in districts}
    context.say(f"    组织机构：1 个省总、{len(cities)} 个市总、{len(districts)} 个区县总工会、"
                f"{len(streets)} 个街道总工会；账号 {1 + len(cities) + len(districts)} 个")
