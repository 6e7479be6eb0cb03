"""A merge leaves nothing pointing at the merged record: every foreign key to Person, Household and HardshipFile,
found by introspection, so the keys of an app added later are covered by this test without changing it.

For each key a row is made pointing at the record merged away (generically: required fields filled from the
field's type, its choices and its foreign keys), the merge is made, and every key is read again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import models

from bangfu.accounts.models import OrgUnit, User
from bangfu.core.errors import ServiceError
from bangfu.people import services
from bangfu.people.models import DuplicateCandidate, HardshipFile, Household, Person
from bangfu.people.services.dedup import OWN_REFERENCES, references_to
from bangfu.people.tests.helpers import apply_family, member, same_birth_id

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1978, 8, 8)
WIFE_BIRTH = dt.date(1980, 1, 2)
TARGETS = (Person, Household, HardshipFile)
_serial = itertools.count(1)


class Maker:
    """Makes a valid row of any model, each required field filled from its type; parents made on the way."""

    def __init__(self, org: OrgUnit, user: User, fixed: dict[type[models.Model], models.Model]) -> None:
        self.org, self.user, self.fixed = org, user, fixed

    def row(self, model: type[models.Model], **overrides: Any) -> models.Model:
        values: dict[str, Any] = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in overrides or field.attname in overrides:
                continue
            value = self._value(field)
            if value is not None:
                values[field.name] = value
        return model._base_manager.create(**values, **overrides)

    def _value(self, field: models.Field[Any, Any]) -> Any:
        if isinstance(field, models.ForeignKey):
            related = field.remote_field.model
            if related is OrgUnit:
                return self.org
            if related is User or related._meta.label == "accounts.User":
                if field.unique:  # one row per account (a social worker's): an account of its own
                    return User.objects.create_user(username=f"maker-{next(_serial)}", org=self.org)
                return self.user
            if field.null:
                return None
            if field.unique:  # one row per parent (a social worker's person): a parent of its own
                return self.row(related)
            return self.fixed.get(related) or self.row(related)
        if field.has_default() or field.null or getattr(field, "auto_now", False) \
                or getattr(field, "auto_now_add", False):
            return None
        if field.choices:
            return field.choices[0][0]
        serial = next(_serial)
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.DecimalField):
            return Decimal(1)
        if isinstance(field, models.IntegerField) and field.name.endswith("year"):
            return 2024  # years are checked to lie in a range (honours, workforce)
        if isinstance(field, models.IntegerField | models.FloatField):
            return serial
        if isinstance(field, models.DateTimeField):
            return dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        if isinstance(field, models.DateField):
            return dt.date(2024, 1, 1)
        if isinstance(field, models.JSONField):
            return {}
        if isinstance(field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(field, models.FileField):
            return f"test/{serial}.txt"
        if isinstance(field, models.CharField | models.TextField):
            return f"t{serial}"[: field.max_length or 32]
        return None


def _family(actor: Any, org: OrgUnit, region: str, head: str) -> HardshipFile:
    """A couple; filed again elsewhere under other ID numbers it is one family (head and wife alike)."""
    wife = member("李四", relation="spouse", id_number=same_birth_id(region, WIFE_BIRTH, "F"), birth=WIFE_BIRTH)
    return apply_family(actor, org, head=head, head_id=same_birth_id(region, BIRTH), birth=BIRTH, extra=(wife,))


def test_the_keys_are_found_by_introspection() -> None:
    """Every app's keys are in the list: those this test was written with, at least (others are covered too)."""
    labels = {f"{key.model._meta.label}.{key.name}" for target in TARGETS for key in references_to(target)}
    assert {"assistance.Beneficiary.person", "assistance.Visit.person", "assistance.Disbursement.payee",
            "assistance.MedicalClaim.patient", "assistance.MedicalClaim.household", "assistance.PersonFact.person",
            "assistance.MedicalYearTotal.household", "jobs.SeekerProfile.person", "people.Evidence.hardship_file",
            "people.HouseholdMember.household", "people.HouseholdMember.person", "people.Household.head"} <= labels


def test_a_merge_repoints_every_foreign_key_to_the_records_kept(workers: dict[str, Any],
                                                                org_tree: dict[str, OrgUnit]) -> None:
    kept = _family(workers["wushan"], org_tree["wushan"], "440106", "张三丰")
    # the same humans filed under other ID numbers (same pinyin and birth date): people merged away too
    dropped = _family(workers["chigang"], org_tree["chigang"], "440105", "章三峰")
    candidate = DuplicateCandidate.objects.get()
    old: dict[type[models.Model], models.Model] = {Person: dropped.household.head, Household: dropped.household,
                                                   HardshipFile: dropped}
    new: dict[type[models.Model], models.Model] = {Person: kept.household.head, Household: kept.household,
                                                   HardshipFile: kept}
    made: list[tuple[models.ForeignKey[Any, Any], models.Model]] = []
    for target in TARGETS:
        for key in references_to(target):
            if (key.model, key.name) in OWN_REFERENCES or key.model in (Household, HardshipFile) \
                    or (key.model._meta.label == "people.HouseholdMember"):
                continue  # the merged family's own rows, and the records under merge themselves
            fixed = {**{t: o for t, o in old.items() if t is not target}, target: old[target]}
            maker = Maker(org_tree["chigang"], workers["chigang"], fixed)
            try:
                made.append((key, maker.row(key.model, **{key.name: old[target]})))
            except Exception as exc:  # a model the generic maker cannot fill: say which, so a maker is added
                pytest.fail(f"cannot make a {key.model._meta.label} for {key.name}: {exc}")
    skipped = {"people.Household.head", "people.HouseholdMember.person", "people.HouseholdMember.household",
               "people.HardshipFile.household", "people.HardshipFile.merged_into", "people.FileEvent.file",
               "people.DuplicateCandidate.file_a", "people.DuplicateCandidate.file_b", "people.DuplicateCandidate.kept",
               "people.DuplicateKey.household"}
    every = {f"{key.model._meta.label}.{key.name}" for target in TARGETS for key in references_to(target)}
    assert {f"{key.model._meta.label}.{key.name}" for key, _row in made} == every - skipped

    services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="merge", keep_file_id=kept.pk)

    for key, row in made:
        pointing = getattr(row.__class__._base_manager.get(pk=row.pk), key.attname)
        assert pointing == new[key.remote_field.model].pk, f"{key.model._meta.label}.{key.name} was not repointed"
    for target in TARGETS:
        for key in references_to(target):
            if (key.model, key.name) in OWN_REFERENCES:
                continue
            left = key.model._base_manager.filter(**{key.attname: old[target].pk})
            if key.model._meta.label == "people.HouseholdMember":
                left = left.exclude(household=dropped.household)
            if key.model is Household:
                left = left.exclude(pk=dropped.household_id)
            assert not left.exists(), f"{key.model._meta.label}.{key.name} still points at the merged record"


def test_a_reference_that_cannot_move_refuses_the_merge(workers: dict[str, Any],
                                                        org_tree: dict[str, OrgUnit]) -> None:
    """Both people have a seeker profile (one per person): the merge is refused, nothing changed."""
    from bangfu.jobs.models import SeekerProfile

    kept = _family(workers["wushan"], org_tree["wushan"], "440106", "张三丰")
    dropped = _family(workers["chigang"], org_tree["chigang"], "440105", "章三峰")
    for hardship_file in (kept, dropped):
        Maker(hardship_file.org, workers["city"], {}).row(SeekerProfile, person=hardship_file.household.head)
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(ServiceError, match="不能合并") as refused:
        services.resolve_duplicate(actor=workers["city"], candidate=candidate, decision="merge", keep_file_id=kept.pk)
    assert refused.value.status == 409
    dropped.refresh_from_db()
    assert dropped.status != "merged"
    assert SeekerProfile.objects.filter(person=dropped.household.head).exists()
