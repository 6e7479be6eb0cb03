"""Reads of the assistance app, always through `scoped()`.

Programs and target groups hold no personal data and are used down the tree: a district sees the city's
campaign it has money or a list in, and the city's target groups. Everything with people in it (lists,
entries, visits, facts, claims) is read strictly within the user's scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from bangfu.accounts.models import OrgUnit
from bangfu.accounts.scoping import get_scoped_or_404, scope_filter, scoped
from bangfu.assistance.models import (
    Allocation,
    Beneficiary,
    BeneficiaryList,
    CampaignGroup,
    CampaignReopening,
    CashTopUp,
    Disbursement,
    DisbursementStatus,
    Fund,
    LedgerEntry,
    ListStatus,
    MedicalClaim,
    PersonFact,
    Program,
    ProgramStatus,
    Quota,
    TargetGroup,
    Visit,
)
from bangfu.assistance.models.reopenings import REQUEST_REOPENING
from bangfu.assistance.services.ledger import ancestor_paths
from bangfu.core.normalize import search_text
from bangfu.people.models import Household, Person


def _ancestors_q(user: Any) -> Q:
    org = getattr(user, "org", None)
    if org is None:
        return Q(pk__in=[])
    return Q(org__path__in=ancestor_paths(org))


# A search box's text (`text`, a name) is searched as `search_text` gives it, on the page and in the API alike: one
# of nothing but zero-width or no-break spaces is the empty box.


def visible_programs(user: Any, *, text: str = "") -> QuerySet[Program]:
    """Programs owned in scope, or reaching into it (an allocation, a quota or a list in scope); named `text`."""
    own = scope_filter(Program, user)  # None when no role grants assistance.view_program
    if own is None:
        return Program.objects.none()
    reaching = (Q(Exists(scoped(Allocation.objects.filter(fund__program=OuterRef("pk")), user)))
                | Q(Exists(scoped(BeneficiaryList.objects.filter(program=OuterRef("pk")), user)))
                | Q(Exists(scoped(Quota.objects.filter(program=OuterRef("pk")), user))))
    programs = Program.objects.filter(own | reaching).select_related("org")
    return programs.filter(name__icontains=text) if (text := search_text(text)) else programs


def visible_target_groups(user: Any, *, text: str = "") -> QuerySet[TargetGroup]:
    """Groups defined in scope or by a unit above the user's (a city's groups serve its districts); named `text`."""
    own = scope_filter(TargetGroup, user)
    if own is None:  # no role grants assistance.view_targetgroup: not even the groups of units above
        return TargetGroup.objects.none()
    groups = TargetGroup.objects.filter(own | _ancestors_q(user)).select_related("org")
    return groups.filter(name__icontains=text) if (text := search_text(text)) else groups


def visible_funds(user: Any) -> QuerySet[Fund]:
    return Fund.objects.filter(program__in=visible_programs(user)).select_related("program", "org")


def fund_for(user: Any, pk: Any, action: str = "view") -> Fund:
    return get_scoped_or_404(Fund.objects.select_related("program", "org"), user, action, pk=pk)


def visible_allocations(user: Any, action: str = "view") -> QuerySet[Allocation]:
    return scoped(Allocation.objects.select_related("org", "fund", "fund__program", "parent__org"), user, action)


def visible_ledger(user: Any) -> QuerySet[LedgerEntry]:
    return scoped(LedgerEntry.objects.select_related("source__org", "destination__org", "created_by"), user)


def visible_disbursements(user: Any, action: str = "view") -> QuerySet[Disbursement]:
    return scoped(Disbursement.objects.select_related("allocation__org", "fund", "payee", "created_by"), user, action)


def pending_disbursements(user: Any) -> QuerySet[Disbursement]:
    return visible_disbursements(user, "approve").filter(status=DisbursementStatus.PENDING)


def visible_lists(user: Any, action: str = "view") -> QuerySet[BeneficiaryList]:
    return scoped(BeneficiaryList.objects.select_related("program", "org", "created_by", "submitted_by",
                                                         "approved_by"), user, action)


def visible_entries(user: Any) -> QuerySet[Beneficiary]:
    return scoped(Beneficiary.objects.select_related("person", "org", "campaign_group__target_group", "blist"), user)


_ENTRY_RELATED = ("blist__program", "blist__org", "person", "org", "campaign_group__target_group")


def entry_for(user: Any, pk: int, permission: str) -> Beneficiary:
    """One list entry reached by a role that grants `permission` (the act the page is for: a visit, a
    top-up request); else 404. The role that may act must reach the entry itself."""
    return get_scoped_or_404(Beneficiary.objects.select_related(*_ENTRY_RELATED), user, permission=permission, pk=pk)


# --- one access function per model a page or route opens by id (pages and API alike) --------------------


def target_group_for(user: Any, pk: Any, action: str = "view") -> TargetGroup:
    return get_scoped_or_404(TargetGroup.objects.select_related("org"), user, action, pk=pk)


def list_for(user: Any, pk: Any, action: str = "view") -> BeneficiaryList:
    return get_scoped_or_404(BeneficiaryList.objects.select_related("program", "org"), user, action, pk=pk)


def entry_to_change(user: Any, pk: Any) -> Beneficiary:
    """A list entry the user sees, on a list a role of theirs may change; else 404."""
    entry = get_scoped_or_404(Beneficiary.objects.select_related(*_ENTRY_RELATED), user, "view", pk=pk)
    list_for(user, entry.blist_id, "change")
    return entry


def campaign_group_of(program: Program, *, pk: Any = None, priority: int | None = None) -> CampaignGroup | None:
    """A group of the program's campaign by id (a form's choice) or by priority (the API's); None when the
    program has no such group. Groups carry no personal data: the program was opened in scope."""
    groups = CampaignGroup.objects.filter(program=program).select_related("target_group")
    if pk is not None:
        groups = groups.filter(pk=pk)
    if priority is not None:
        groups = groups.filter(priority=priority)
    return groups.first()


def disbursement_for(user: Any, pk: Any, action: str = "view") -> Disbursement:
    return get_scoped_or_404(Disbursement.objects.select_related("fund", "allocation"), user, action, pk=pk)


def ledger_entry_for(user: Any, pk: Any, action: str = "view") -> LedgerEntry:
    return get_scoped_or_404(LedgerEntry.objects.select_related("fund", "source__org", "destination__org",
                                                                "created_by"), user, action, pk=pk)


def allocation_ledger(account: Allocation) -> QuerySet[LedgerEntry]:
    """Every movement into or out of one account, newest first (the caller opened the account in scope)."""
    return LedgerEntry.objects.filter(Q(source=account) | Q(destination=account)).select_related(
        "source__org", "destination__org", "created_by").order_by("-id")


def claim_for(user: Any, pk: Any, action: str = "view") -> MedicalClaim:
    return get_scoped_or_404(MedicalClaim.objects.select_related("program", "household", "org", "patient"),
                             user, action, pk=pk)


def program_units(user: Any, program: Program) -> QuerySet[OrgUnit]:
    """Units in the user's scope that take part in the program (the owner's subtree)."""
    return scoped(OrgUnit.objects.filter(path__startswith=program.org.path), user, "view").order_by("path")


def list_entries(user: Any, blist: BeneficiaryList, *, text: str = "", group: str = "",
                 included: str = "") -> QuerySet[Beneficiary]:
    entries = visible_entries(user).filter(blist=blist)
    if text := search_text(text):
        entries = entries.filter(Q(person__name__icontains=text) | Q(person__name_initials__icontains=text))
    if group.isdecimal():
        entries = entries.filter(campaign_group_id=int(group))
    if included in ("yes", "no"):
        entries = entries.filter(included=included == "yes")
    visited = Visit.objects.filter(program=blist.program_id, person=OuterRef("person"))
    return entries.annotate(visited=Exists(visited)).order_by("-included", "campaign_group__priority", "id")


def effective_entries(user: Any, program: Program) -> QuerySet[Beneficiary]:
    """Included entries of the approved (frozen, current) lists of a campaign, within scope."""
    return visible_entries(user).filter(blist__program=program, blist__status=ListStatus.APPROVED, included=True)


def unvisited_entries(user: Any, program: Program | None = None, *, text: str = "") -> QuerySet[Beneficiary]:
    entries = visible_entries(user).filter(blist__status=ListStatus.APPROVED, included=True,
                                           blist__program__status=ProgramStatus.ACTIVE)
    if program is not None:
        entries = entries.filter(blist__program=program)
    if text := search_text(text):
        entries = entries.filter(person__name__icontains=text)
    visited = Visit.objects.filter(program=OuterRef("blist__program"), person=OuterRef("person"))
    return entries.filter(~Exists(visited)).order_by("org__path", "campaign_group__priority", "id")


def visible_visits(user: Any, *, text: str = "") -> QuerySet[Visit]:
    found = scoped(Visit.objects.select_related("person", "visited_by", "org", "program", "disbursement",
                                                "beneficiary__campaign_group__target_group"), user)
    return found.filter(person__name__icontains=text) if (text := search_text(text)) else found


def visible_top_ups(user: Any, action: str = "view") -> QuerySet[CashTopUp]:
    return scoped(CashTopUp.objects.select_related("beneficiary__blist__org", "program", "person", "org",
                                                   "created_by", "decided_by", "disbursement"), user, action)


def top_up_for(user: Any, pk: int, action: str = "view") -> CashTopUp:
    """The one access function of a cash top-up (page and API): 404 outside scope."""
    return get_scoped_or_404(visible_top_ups(user, action), user, action, pk=pk)


def program_for_reopening(user: Any, pk: int, permission: str = REQUEST_REOPENING) -> Program:
    """The program whose reopenings are asked for or read: reached by the role that grants `permission` (the
    campaign's own union or above), else 404; 403 when no role grants it at all. Not `visible_programs`: a
    second role that sees the program must not lend its reach to the role that reads reopenings."""
    return get_scoped_or_404(Program.objects.select_related("org"), user, permission=permission, pk=pk)


def visible_reopenings(user: Any, program: Program | None = None) -> QuerySet[CampaignReopening]:
    items = scoped(CampaignReopening.objects.select_related("program", "org", "created_by", "decided_by"), user)
    return items if program is None else items.filter(program=program)


def reopening_for(user: Any, pk: int, permission: str = "assistance.view_campaignreopening") -> CampaignReopening:
    """The one access function of a reopening request (page and API): 404 outside scope."""
    return get_scoped_or_404(CampaignReopening.objects.select_related("program", "org", "created_by",
                                                                     "decided_by"),
                             user, permission=permission, pk=pk)


def visible_facts(user: Any, *, text: str = "") -> QuerySet[PersonFact]:
    facts = scoped(PersonFact.objects.select_related("person", "org"), user)
    return facts.filter(person__name__icontains=text) if (text := search_text(text)) else facts


def visible_people(user: Any, *, text: str = "") -> QuerySet[Person]:
    """People the user may pick for a list or a fact: within the user's unit subtree, whatever the people
    app's own roles say (the pick is checked against the list's unit by the service); named `text`."""
    org = getattr(user, "org", None)
    if org is None or scope_filter(Beneficiary, user) is None:
        return Person.objects.none()
    people = Person.objects.filter(scope_filter(Beneficiary, user) or Q()).select_related("org")
    return people.filter(name__icontains=text) if (text := search_text(text)) else people


def visible_households(user: Any) -> QuerySet[Household]:
    if scope_filter(MedicalClaim, user) is None:
        return Household.objects.none()
    return Household.objects.filter(scope_filter(MedicalClaim, user) or Q()).select_related("head", "org")


def visible_claims(user: Any, action: str = "view") -> QuerySet[MedicalClaim]:
    return scoped(MedicalClaim.objects.select_related("program", "household__head", "patient", "org", "created_by",
                                                      "decided_by"), user, action)


def visible_quotas(user: Any, program: Program) -> QuerySet[Quota]:
    return scoped(Quota.objects.filter(program=program).select_related("org", "campaign_group__target_group"), user)


def balance_in_scope(user: Any) -> int:
    """Money still held by accounts in scope of active programs: each account counts once (fen)."""
    accounts = visible_allocations(user).filter(fund__program__status=ProgramStatus.ACTIVE)
    return int(accounts.aggregate(total=Sum("balance_fen"))["total"] or 0)


def days_left(program: Program, today: dt.date) -> int:
    return (program.deadline - today).days


def group_counts(entries: QuerySet[Beneficiary]) -> list[dict[str, Any]]:
    return list(entries.values("campaign_group__target_group__name", "campaign_group__priority")
                .annotate(people=Count("id"), amount=Sum("amount_fen")).order_by("campaign_group__priority"))
