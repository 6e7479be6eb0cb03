"""The demo organisation tree: the unions of every place the seed page (Workers' Daily, 2020-12-18) names."""

from __future__ import annotations

from bangfu.accounts.divisions import children_of, division, is_development_zone
from bangfu.accounts.models import OrgLevel, OrgUnit
from bangfu.accounts.services import upsert_org_unit

ROOT_CODE = "CN"
XPCC_CODE = "XPCC"  # 新疆生产建设兵团 has no NBS province code of its own


def _union_name(place: str) -> str:
    return f"{place}总工会"


def _unit(code: str, parent: OrgUnit, level: OrgLevel, name: str | None = None) -> OrgUnit:
    place = division(code)
    return upsert_org_unit(
        code=code,
        name=name or _union_name(place.name),
        level=level,
        parent=parent,
        region_code=code.ljust(6, "0"),
    )


def _with_children(unit: OrgUnit, level: OrgLevel) -> list[OrgUnit]:
    """Create a union for every division directly under `unit`'s region."""
    made = []
    for order, place in enumerate(children_of(unit.code)):
        made.append(
            upsert_org_unit(
                code=place.code,
                name=_union_name(place.name),
                level=level,
                parent=unit,
                region_code=place.code if len(place.code) > 6 else place.code.ljust(6, "0"),
                is_development_zone=is_development_zone(place.code),
                sort_order=order,
            )
        )
    return made


def build_demo_tree() -> dict[str, OrgUnit]:
    """Idempotent. Returns the units the other demo seeders refer to, by a short key."""
    root = upsert_org_unit(code=ROOT_CODE, name="中华全国总工会", level=OrgLevel.NATIONAL, parent=None)
    beijing = _unit("11", root, OrgLevel.PROVINCE, "北京市总工会")
    for order, district in enumerate(children_of("1101")):
        upsert_org_unit(
            code=district.code,
            name=_union_name(district.name),
            level=OrgLevel.COUNTY,
            parent=beijing,
            region_code=district.code,
            sort_order=order,
        )
    shanghai = _unit("31", root, OrgLevel.PROVINCE, "上海市总工会")
    songjiang = _unit("310117", shanghai, OrgLevel.COUNTY, "上海市松江区总工会")
    _with_children(songjiang, OrgLevel.STREET)
    guangdong = _unit("44", root, OrgLevel.PROVINCE, "广东省总工会")
    guangzhou = _unit("4401", guangdong, OrgLevel.CITY, "广州市总工会")
    for district_union in _with_children(guangzhou, OrgLevel.COUNTY):
        _with_children(district_union, OrgLevel.STREET)
    sichuan = _unit("51", root, OrgLevel.PROVINCE, "四川省总工会")
    xpcc = upsert_org_unit(code=XPCC_CODE, name="新疆生产建设兵团总工会", level=OrgLevel.PROVINCE, parent=root)
    alar = upsert_org_unit(
        code="659002", name="第一师阿拉尔市总工会", level=OrgLevel.CITY, parent=xpcc, region_code="659002"
    )
    _with_children(alar, OrgLevel.STREET)
    shandong = _unit("37", root, OrgLevel.PROVINCE, "山东省总工会")
    dezhou = _unit("3714", shandong, OrgLevel.CITY, "德州市总工会")
    yucheng = _unit("371482", dezhou, OrgLevel.COUNTY, "禹城市总工会")
    rizhao = _unit("3711", shandong, OrgLevel.CITY, "日照市总工会")
    hainan = _unit("46", root, OrgLevel.PROVINCE, "海南省总工会")
    haikou = _unit("4601", hainan, OrgLevel.CITY, "海口市总工会")
    hebei = _unit("13", root, OrgLevel.PROVINCE, "河北省总工会")
    tangshan = _unit("1302", hebei, OrgLevel.CITY, "唐山市总工会")
    fengrun = _unit("130208", tangshan, OrgLevel.COUNTY, "唐山市丰润区总工会")
    return {
        "root": root,
        "beijing": beijing,
        "shanghai": shanghai,
        "songjiang": songjiang,
        "guangdong": guangdong,
        "guangzhou": guangzhou,
        "sichuan": sichuan,
        "xpcc": xpcc,
        "alar": alar,
        "shandong": shandong,
        "dezhou": dezhou,
        "yucheng": yucheng,
        "rizhao": rizhao,
        "hainan": hainan,
        "haikou": haikou,
        "hebei": hebei,
        "tangshan": tangshan,
        "fengrun": fengrun,
        "tianhe": OrgUnit.objects.get(code="440106"),
        "conghua": OrgUnit.objects.get(code="440117"),
        "tianhe_street": OrgUnit.objects.filter(parent__code="440106").order_by("code").first(),  # type: ignore[dict-item]
        "dongcheng": OrgUnit.objects.get(code="110101"),
        "songjiang_street": OrgUnit.objects.get(code="310117001"),
    }
