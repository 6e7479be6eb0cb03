"""The register's services take values the one normalised way and refuse what cannot be true (issue 10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.utils import timezone
from stdnum.cn import ric

from bangfu.core.errors import ServiceError
from bangfu.core.sensitive import blind_index
from bangfu.people import queries
from bangfu.people.models import Person
from bangfu.people.queries import FileFilters
from bangfu.people.tests.helpers import apply_family, member
from bangfu.people.tests.test_import_support import head, reasons, run

pytestmark = pytest.mark.django_db
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.fixture
def worker(make_user: Any, org_tree: Any) -> Any:
    return make_user("street_social_worker", org_tree["tianhe"])


def test_a_future_incident_date_is_refused_by_the_service(worker: Any, org_tree: Any) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceError, match=r"遭受意外或灾害日期：.*晚于今天"):
        apply_family(worker, org_tree["tianhe"], primary="accident", incident_on=tomorrow)
    assert apply_family(worker, org_tree["tianhe"], primary="accident",
                        incident_on=timezone.localdate()).incident_on == timezone.localdate()


def test_a_future_incident_date_is_refused_by_the_import(worker: Any, org_tree: Any) -> None:
    result = run(worker, org_tree["tianhe"], [head(incident_on="2999-01-01")])
    [(row, column, reason)] = reasons(result)
    assert (row, column) == (2, "意外或灾害发生日期")
    assert reason.startswith("2999-01-01 晚于今天")


def test_a_full_width_id_with_a_half_width_x_is_one_person_on_every_path(worker: Any, org_tree: Any) -> None:
    """The issue's case: the second full-width number of the same region and birth year was stored as typed."""
    bodies = [f"44010619800304{sequence:03d}" for sequence in range(40)]
    numbers = [body + ric.calc_check_digit(body + "0") for body in bodies]
    with_x = [n for n in numbers if n.endswith("X")][:2]
    for number in with_x:
        typed = number[:-1].translate(FULL_WIDTH) + "X"
        hardship_file = apply_family(worker, org_tree["tianhe"], head="欧阳\u00a0明", head_id=typed)
        person = hardship_file.household.head
        assert (person.id_number, person.id_index, person.name) == (number, blind_index(number), "欧阳明")
        with pytest.raises(ServiceError, match="该号码已在系统中登记"):
            apply_family(worker, org_tree["tianhe"], head="欧阳明", head_id=number.lower())
    assert Person.objects.count() == 2


def test_phone_and_name_are_stored_normalised_and_found_by_search(worker: Any, org_tree: Any) -> None:
    spouse_input = member("李\u3000四", relation="spouse")
    extra = (replace(spouse_input, person=replace(spouse_input.person, phone="１３９-0013 9000")),)
    hardship_file = apply_family(worker, org_tree["tianhe"], head="欧阳 明", extra=extra)
    spouse = Person.objects.get(name="李四")
    assert spouse.phone == "13900139000"
    for typed in ("欧阳明", "欧阳\u00a0明", "李　四"):
        found = queries.file_list(worker, FileFilters(text=typed))
        assert list(found) == [hardship_file], typed
    found = queries.file_list(worker, FileFilters(id_number=" ".join(hardship_file.household.head.id_number)))
    assert list(found) == [hardship_file]
