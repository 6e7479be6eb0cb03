"""What an import knows before it plans: who imports into which unit, the units and contacts the file
names, the tier rules and local minimums (loaded once, not per row)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from bangfu.accounts.models import OrgUnit, User
from bangfu.accounts.scoping import scoped
from bangfu.people.duplicates import AddressKeys, address_match_keys, place_names_for
from bangfu.people.facts import MinimumTable
from bangfu.people.tiers import TierRuleSpec, load_tier_rules

UNIT_NOT_ALLOWED = "单位代码“{code}”不存在，或不在您的数据范围内（须为“{org}”或其下级单位）"


@dataclass
class ImportContext:
    actor: Any  # a User, or None for an operator's command run without --actor
    org: OrgUnit
    today: dt.date
    minimums: MinimumTable
    rules: list[TierRuleSpec]
    may_change_files: bool
    units: dict[str, OrgUnit] = field(default_factory=dict)  # allowed units by code
    contacts: dict[str, User] = field(default_factory=dict)  # by username
    _place_names: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, actor: Any, org: OrgUnit) -> ImportContext:
        return cls(
            actor=actor, org=org, today=timezone.localdate(), minimums=MinimumTable.load(), rules=load_tier_rules(),
            may_change_files=actor is None or actor.has_perm("people.change_hardshipfile"), units={org.code: org},
        )

    @property
    def actor_id(self) -> int | None:
        return getattr(self.actor, "pk", None)

    @property
    def actor_name(self) -> str:
        return str(self.actor)[:150] if self.actor is not None else "import_households"

    def load_units(self, codes: Iterable[str]) -> None:
        """The named units that are the import's unit or below it, and within the actor's scope."""
        wanted = {code for code in codes if code and code not in self.units}
        if not wanted:
            return
        units = OrgUnit.objects.filter(code__in=wanted, path__startswith=self.org.path)
        if self.actor is not None:
            units = scoped(units, self.actor, "view")
        self.units.update({unit.code: unit for unit in units})

    def load_contacts(self, usernames: Iterable[str]) -> None:
        wanted = {name for name in usernames if name and name not in self.contacts}
        if wanted:
            users = User.objects.filter(username__in=wanted, is_active=True).select_related("org")
            self.contacts.update({user.username: user for user in users})

    def contact_fits(self, user: User, unit_path: str) -> bool:
        """The register's rule: a contact works in the file's unit, above it or below it."""
        home = user.org
        return home is not None and (unit_path.startswith(home.path) or home.path.startswith(unit_path))

    def address_keys(self, address: str, unit: OrgUnit) -> AddressKeys:
        names = self._place_names.get(unit.pk)
        if names is None:
            names = self._place_names[unit.pk] = place_names_for(unit)
        return address_match_keys(address, region_code=unit.region_code, place_names=names)
