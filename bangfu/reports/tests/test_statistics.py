"""Statistics of the register on a small known data set: causes, categories, two or more, tier, district, status."""

from __future__ import annotations

from typing import Any

import pytest

from bangfu.accounts.models import OrgUnit
from bangfu.people.models import FileStatus
from bangfu.reports.stats import hardship_statistics
from bangfu.reports.tests.factories import file_in, files_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(org_tree: dict[str, OrgUnit]) -> dict[str, OrgUnit]:
    """Under 广州: 10 files in file in 五山 (天河), 6 in 赤岗 (海珠), 1 held by 广州 itself, and 4 not in file."""
    wushan, chigang, guangzhou = org_tree["wushan"], org_tree["chigang"], org_tree["guangzhou"]
    files_in(wushan, 4, causes=("laid_off", "child_schooling"), tier="deep")
    files_in(wushan, 3, causes=("major_illness",), disability=True, tier="relative")
    files_in(wushan, 2, causes=("child_schooling", "major_illness", "laid_off"), zero_labour=True, tier="deep",
             status=FileStatus.TEMPORARY)
    file_in(wushan, causes=("other",), tier="", status=FileStatus.RETURNED)
    files_in(chigang, 6, causes=("natural_disaster",), tier="accidental")
    file_in(guangzhou, causes=("laid_off",), disability=True, zero_labour=True)
    file_in(wushan, status=FileStatus.APPLIED)
    file_in(chigang, status=FileStatus.RELIEVED)
    file_in(chigang, status=FileStatus.CANCELLED)
    file_in(org_tree["beijing"], causes=("laid_off",))
    return org_tree


def _by_code(cells: Any) -> dict[str, int]:
    return {cell.code: cell.households for cell in cells}


def test_counts_for_the_city(make_user: Any, register: dict[str, OrgUnit]) -> None:
    officer = make_user("city_officer", register["guangzhou"])
    stats = hardship_statistics(officer, register["guangzhou"])
    assert (stats.in_file, stats.files) == (17, 20)
    causes = _by_code(stats.by_cause)
    assert (causes["laid_off"], causes["child_schooling"], causes["major_illness"], causes["natural_disaster"],
            causes["other"], causes["accident"]) == (7, 6, 5, 6, 1, 0)
    assert _by_code(stats.by_seed_category) == {
        "laid_off": 7, "disability_or_mental_illness": 4, "child_schooling": 6, "major_illness": 5, "zero_labour": 3}
    # Two or more of the five: the 4 (laid off + schooling), the 2 (three causes + zero labour), and 广州's own
    # (laid off + disability + zero labour). The 3 with major illness + disability count too.
    assert stats.multi_seed_category == 4 + 2 + 1 + 3
    assert stats.multi_cause == 4 + 2  # two or more of the national ten
    assert _by_code(stats.by_tier) == {"deep": 6, "relative": 4, "accidental": 6, "unassessed": 1}
    assert [(c.name, c.households) for c in stats.by_district] == [
        ("海珠区总工会", 6), ("天河区总工会", 10), ("广州市总工会（本级）", 1)]  # in code order
    statuses = _by_code(stats.by_status)
    assert (statuses["formal"], statuses["temporary"], statuses["returned"], statuses["applied"],
            statuses["relieved"], statuses["cancelled"]) == (14, 2, 1, 1, 1, 1)


def test_a_district_sees_its_own_only(make_user: Any, register: dict[str, OrgUnit]) -> None:
    officer = make_user("district_officer", register["tianhe"])
    stats = hardship_statistics(officer, register["tianhe"])
    assert stats.in_file == 10
    assert [(c.name, c.households) for c in stats.by_district] == [("五山街道总工会", 10)]


def test_without_the_permission_nothing_is_counted(make_user: Any, register: dict[str, OrgUnit]) -> None:
    admin = make_user("system_admin", register["guangzhou"])
    assert hardship_statistics(admin, register["guangzhou"]).in_file == 0


def test_statistics_read_through_a_handful_of_queries(make_user: Any, register: dict[str, OrgUnit],
                                                      django_assert_max_num_queries: Any) -> None:
    officer = make_user("city_officer", register["guangzhou"])
    officer.get_all_permissions()  # permissions are cached per request in real use
    with django_assert_max_num_queries(6):
        hardship_statistics(officer, register["guangzhou"])
