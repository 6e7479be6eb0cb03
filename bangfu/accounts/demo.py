"""Demo accounts: one per role and unit, all with the demo password."""

from __future__ import annotations

from bangfu.accounts.demo_tree import build_demo_tree
from bangfu.accounts.models import User
from bangfu.accounts.roles import ensure_roles
from bangfu.core.seeding import DemoContext

# username, display name, role key, unit key (see demo_tree.build_demo_tree)
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", "系统管理员", "system_admin", "root"),
    ("auditor", "审计员", "auditor", "root"),
    ("bj_officer", "北京市总帮扶干部", "city_officer", "beijing"),
    ("dc_officer", "东城区总工会干部", "district_officer", "dongcheng"),
    ("gz_officer", "广州市总帮扶干部", "city_officer", "guangzhou"),
    ("th_officer", "天河区总工会干部", "district_officer", "tianhe"),
    ("th_worker", "天河区街道社工", "street_social_worker", "tianhe_street"),
    ("ch_officer", "从化区总工会干部", "district_officer", "conghua"),
    ("gz_trainer", "广州培训师", "trainer", "guangzhou"),
    ("sj_officer", "松江区总工会干部", "district_officer", "songjiang"),
    ("sj_worker", "松江街道社工", "street_social_worker", "songjiang_street"),
    ("sj_lawyer", "松江志愿律师", "volunteer_lawyer", "songjiang"),
    ("alar_officer", "阿拉尔市总帮扶干部", "city_officer", "alar"),
    ("sc_officer", "四川省总工会干部", "city_officer", "sichuan"),
    ("ts_officer", "唐山市总帮扶干部", "city_officer", "tangshan"),
    ("alar_approver", "阿拉尔市总审批干部", "city_officer", "alar"),  # approves the ventures (maker ≠ approver)
    ("yc_officer", "禹城市总工会干部", "city_officer", "yucheng"),
    ("rz_officer", "日照市总工会干部", "city_officer", "rizhao"),
    ("hk_officer", "海口市总工会干部", "city_officer", "haikou"),
    ("hk_approver", "海口市总工会审批干部", "city_officer", "haikou"),  # approves model-worker services
)


def seed(context: DemoContext) -> None:
    orgs = build_demo_tree()
    groups = ensure_roles()
    context.made["orgs"] = orgs
    users: dict[str, User] = {}
    for username, display_name, role_key, unit_key in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=context.password)
        user.display_name = display_name
        user.org = orgs[unit_key]
        user.must_change_password = False  # the demo stays one command
        user.set_password(context.password)
        user.save()
        user.groups.set([groups[role_key]])
        users[username] = user
    context.made["users"] = users
