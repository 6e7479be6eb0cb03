"""Reads of the register, always through `scoped()`: lists, search, re-checks, quality lists, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.db import connection
from django.db.models import CharField, Exists, F, Func, Model, OuterRef, Q, QuerySet, Sum, Value
from django.utils import timezone

from bangfu.accounts.models import OrgLevel, OrgUnit, User
from bangfu.accounts.scoping import get_scoped_or_404, permission_for, scoped, scoped_for
from bangfu.core import audit
from bangfu.core.normalize import normalize_id_number, normalize_name
from bangfu.core.sensitive import blind_indexes
from bangfu.people.assistance_hook import never_assisted
from bangfu.people.models import (
    IN_FILE_STATUSES,
    OPEN_STATUSES,
    Cause,
    DuplicateCandidate,
    DuplicateStatus,
    Evidence,
    FileCount,
    FileEvent,
    FileStatus,
    HardshipFile,
    HouseholdMember,
    Person,
)
from bangfu.people.names import looks_like_pinyin, pinyin_query

# Each store is its own list: the register proper, and those who left it.
STORES: dict[str, tuple[str, ...]] = {
    "register": tuple(OPEN_STATUSES),
    "relieved": (FileStatus.RELIEVED,),
    "cancelled": (FileStatus.CANCELLED,),
}
CLOSED_STATUSES = tuple(value for value in FileStatus.values if value not in STORES["register"])
M = TypeVar("M", bound=Model)
DUE_SOON_DAYS = 30
STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class FileFilters:
    text: str = ""
    district: str = ""  # an OrgUnit code
    cause: str = ""
    tier: str = ""
    status: str = ""
    store: str = "register"
    id_number: str = ""  # typed in full; matched through the blind index, never kept


def visible_files(user: Any, action: str = "view") -> QuerySet[HardshipFile]:
    return scoped(HardshipFile.objects.all(), user, action)


def file_counts(user: Any, action: str = "view") -> QuerySet[FileCount]:
    """The counts of the files `visible_files(user, action)` holds, per unit, status and tier (sum them).

    Scoped by the files' own permission: a file's scope is its unit alone (HardshipFile has no owner field), so
    the reaches that keep a file keep its unit's counts, and no others. The triggers' rows are folded first when
    they have piled up.
    """
    FileCount.fold_when_due()
    return scoped_for(user, FileCount.objects.all(), permission_for(HardshipFile, action)).order_by()


def _prefix(field: str, key: str) -> Q:
    """`field` starts with `key` (lower-case letters) as an index range, which LIKE … ESCAPE cannot use."""
    if key.endswith("z"):
        return Q(**{f"{field}__startswith": key})
    return Q(**{f"{field}__gte": key, f"{field}__lt": key[:-1] + chr(ord(key[-1]) + 1)})


# From this many files in the searched scope, PostgreSQL finds a name through the register's name index rather than
# by reading the scope's members: the members cost ~5 µs each (~2.5 a file: a district's 4,776 files 55–90 ms, a
# city's 47,615 600 ms), the index ~20 µs for each person of that name in the whole register (王芳, 1,292 people:
# 17 ms; the commonest given names, ~20,000 people: 0.4–0.5 s, which a district's members beat — found by an outside
# try of the first version, which took the index for every scope).
NAME_INDEX_FROM_FILES = 10_000


def _text_condition(text: str, files: QuerySet[HardshipFile], scope_files: Callable[[], int | None]) -> Q:
    """Name, full pinyin or initials (`zsf` finds 张三丰) of the head or of any member; `text` is not empty and
    normalised as a name (`_cleaned`).

    Pinyin: people matched first (index ranges), then their households. A name: the members of the households of
    `files` (the user's scope, already filtered) whose name holds it — only those names are scanned, not the
    register's (2.3 s → 0.1 s for a district at 10⁶ households, bench/province.py), and by household, not by the
    person's own unit: a member merged in from another district's household keeps that unit, and is found. On
    PostgreSQL, in a scope of NAME_INDEX_FROM_FILES files or more (`scope_files`, summed from the register's
    counts), the people of that name are found through the register's name index instead (`_people_named`).
    Nested subqueries evaluated once for the whole list, never once per row.
    """
    if looks_like_pinyin(text):
        key = pinyin_query(text)
        people = Person.objects.filter(_prefix("name_initials", key) | _prefix("name_pinyin", key))
        members = HouseholdMember.objects.filter(person_id__in=people.values("pk"))
    elif connection.vendor == "postgresql" and len(text) >= 2 and (scope_files() or 0) >= NAME_INDEX_FROM_FILES:
        members = HouseholdMember.objects.filter(person_id__in=_people_named(text).values("pk"))
    else:
        members = HouseholdMember.objects.filter(household_id__in=files.values("household_id"),
                                                 person__name__contains=text)
    return Q(household_id__in=members.values("household_id"))


def _people_named(part: str) -> QuerySet[Person]:
    """People whose name holds `part` (two characters or more), found through the trigram index of migration people
    0013 on PostgreSQL — a city's name search read its 115,000 members and looked each one's name up (600 ms at 10⁶
    households; 17 ms so). A trigram index cannot find a two-character part (`%王芳%` has no trigram), so it indexes
    the name with every character doubled: `part` lies in a name exactly when `part` doubled, less its first
    character, lies in the name doubled (王芳 → 王芳芳 in 王王芳芳; a test holds the two equal). The expression must
    be the index's, character for character, or PostgreSQL does not use it (a test explains the query)."""
    doubled = Func(F("name"), Value("(.)"), Value(r"\1\1"), Value("g"), function="regexp_replace",
                   output_field=CharField())
    return Person.objects.annotate(name_doubled=doubled).filter(name_doubled__contains=doubled_part(part))


def doubled_part(part: str) -> str:
    """What `_people_named` looks for in the doubled names: `part` with every character doubled, less the first."""
    return "".join(character * 2 for character in part)[1:]


def _cleaned(filters: FileFilters) -> FileFilters:
    """The filters as every reader of the register takes them (page and API, list and count alike). The searched
    name is normalised as names are stored (`normalize_name`): a zero-width or no-break space pasted with it
    (`张\u200b三`) is dropped, and a text of nothing but such characters is no search at all — the unfiltered list,
    as an empty box gives; it was taken for a search and, normalised to nothing only in the name condition,
    matched every file (found by an outside tester)."""
    filters = FileFilters(**{name: str(value).replace("\x00", "") for name, value in vars(filters).items()})
    filters = replace(filters, text=normalize_name(filters.text))
    return filters if filters.store in STORES else replace(filters, store="register")


def _narrowed(rows: QuerySet[M], filters: FileFilters) -> QuerySet[M]:
    """The store, status, tier and district conditions, on files or on their counts alike (both carry a unit, a
    status and a tier)."""
    if filters.store == "register":
        # "not closed" rather than "one of eight": NOT IN lets SQLite walk the primary key newest-first and
        # stop after a page, where IN (…) sends it through the status index and a sort of every row.
        rows = rows.exclude(status__in=CLOSED_STATUSES)
    else:
        rows = rows.filter(status__in=STORES[filters.store])
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.tier:
        rows = rows.filter(tier=filters.tier)
    if filters.district:
        unit = OrgUnit.objects.filter(code=filters.district).only("path").first()
        # the district's units as a subquery: the unit index, not a join read whole (see accounts.scoping)
        rows = (rows.filter(org__in=OrgUnit.objects.filter(path__startswith=unit.path).values("pk")) if unit
                else rows.none())
    return rows


def file_list_count(user: Any, filters: FileFilters) -> int | None:
    """How many rows `file_list(user, filters)` has, summed from the register's counts (some thousand count rows
    for a city, not its 50,000 files); None when a condition is not counted (a name, an ID number): count the rows."""
    filters = _cleaned(filters)
    if filters.text or filters.id_number or (filters.cause and filters.cause not in Cause.values):
        return None
    counts = _narrowed(file_counts(user), filters)
    # a file counts under each of its causes, as the list's cause condition finds it (FileCount has a column each)
    return counts.aggregate(n=Sum(filters.cause or "files"))["n"] or 0


def file_list(user: Any, filters: FileFilters) -> QuerySet[HardshipFile]:
    """The list page's rows: scoped, filtered, newest first, with what a row shows joined (household, head, unit)."""
    filters = _cleaned(filters)
    files = _narrowed(visible_files(user), filters)
    if filters.cause:
        # a household counts under each of its causes: the primary one, or among the secondaries
        files = files.filter(Q(primary_cause=filters.cause) | Q(secondary_causes__icontains=f'"{filters.cause}"'))
    if filters.id_number:
        # A search by full ID number is a read of sensitive data: recorded here, so page and API both are.
        audit.record("people.search.id_number", actor=user, obj=user, org=getattr(user, "org", None),
                     changes={"store": filters.store})
        indexes = blind_indexes(normalize_id_number(filters.id_number))  # an old index too, while rotating
        files = files.filter(household_id__in=HouseholdMember.objects.filter(person__id_index__in=indexes)
                             .values("household_id"))
    if filters.text:
        unsearched = replace(filters, text="", id_number="")
        files = files.filter(_text_condition(filters.text, files, lambda: file_list_count(user, unsearched)))
    # Newest files first, by primary key: the page is read straight off the index, never sorted.
    return (files.select_related("household__head", "org")
            .defer("household__head__health_note", "household__head__phone")
            .order_by("-id"))


def file_detail(user: Any, household_pk: int, action: str = "view", *, permission: str | None = None) -> HardshipFile:
    """The household's file, reached by a role that grants `permission` (default `action` on files): a page
    about members or evidence names the permission of its act, so that role must reach the file."""
    return get_scoped_or_404(
        HardshipFile.objects.select_related("household__head", "org", "contact", "approved_by", "created_by",
                                            "merged_into__household__head"),
        user, action, permission=permission, household_id=household_pk)


def person_for(user: Any, pk: Any, action: str = "view") -> Person:
    """One person in the register (a member of any household), in scope for `action`; else 404."""
    return get_scoped_or_404(Person.objects.select_related("org"), user, action, pk=pk)


def members_of(hardship_file: HardshipFile) -> list[HouseholdMember]:
    return list(hardship_file.household.members.select_related("person").order_by("id"))


def evidence_of(hardship_file: HardshipFile) -> list[Evidence]:
    return list(hardship_file.evidence.select_related("uploaded_by"))


def evidence_for_download(user: Any, pk: int) -> Evidence:
    return get_scoped_or_404(Evidence.objects.select_related("hardship_file"), user, "view", pk=pk)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # "event" or "assistance"
    event: FileEvent | None = None
    label: str = ""


def timeline(hardship_file: HardshipFile) -> list[TimelineEntry]:
    """Every change of the file, and every assistance the household received, newest first."""
    from bangfu.people.assistance_hook import assistance_entries

    entries = [TimelineEntry(at=event.occurred_at, kind="event", event=event)
               for event in hardship_file.events.select_related("actor")]
    for when, label in assistance_entries(hardship_file.household_id):
        entries.append(TimelineEntry(at=when, kind="assistance", label=label))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def district_choices(user: Any) -> list[tuple[str, str]]:
    """District (区县) unions where the user reads files, for the filter: by the role that reads files, not by one that
    sees units (found by an outside try: a system administrator of the province who is also a street's worker was
    offered every district of the province, and a district above the street was taken as a filter)."""
    units = scoped_for(user, OrgUnit.objects.all(), permission_for(HardshipFile, "view")).filter(level=OrgLevel.COUNTY)
    units = units.order_by("path")
    return [(unit.code, unit.name) for unit in units.only("code", "name")]


def recheck_list(user: Any, which: str = "due") -> QuerySet[HardshipFile]:
    """In-file files whose yearly re-check is overdue, or due within the next 30 days."""
    today = timezone.localdate()
    files = visible_files(user).filter(status__in=IN_FILE_STATUSES, recheck_due__isnull=False)
    if which == "overdue":
        files = files.filter(recheck_due__lt=today)
    else:
        files = files.filter(recheck_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
    return files.select_related("household__head", "org").order_by("recheck_due", "id")


QUALITY_CHECKS = ("stale", "never_assisted", "missing_evidence")


def quality_list(user: Any, check: str) -> QuerySet[HardshipFile]:
    """Data-quality lists over files in file: not updated for 12 months, never assisted, no evidence."""
    files = visible_files(user).filter(status__in=IN_FILE_STATUSES)
    if check == "stale":
        files = files.filter(updated_at__lt=timezone.now() - dt.timedelta(days=STALE_AFTER_DAYS))
    elif check == "never_assisted":
        files = never_assisted(files)
    else:
        files = files.filter(~Exists(Evidence.objects.filter(hardship_file=OuterRef("pk"))))
    return files.select_related("household__head", "org").order_by("updated_at", "id")


def duplicate_queue(user: Any, status: str = DuplicateStatus.OPEN) -> QuerySet[DuplicateCandidate]:
    """Pairs whose two files are both in the user's scope."""
    candidates = scoped(DuplicateCandidate.objects.all(), user, "view").filter(
        file_b__in=visible_files(user).values("pk"))
    if status:
        candidates = candidates.filter(status=status)
    return candidates.select_related("file_a__household__head", "file_b__household__head", "file_a__org",
                                     "file_b__org")


def duplicate_detail(user: Any, pk: int) -> DuplicateCandidate:
    candidate = get_scoped_or_404(duplicate_queue(user, status=""), user, "view", pk=pk)
    return candidate


def in_file_count(user: Any) -> int:
    """Files in file in the user's scope, summed from the register's counts (a province's home page counted its
    850,000 files at 10⁶ on every visit)."""
    return file_counts(user).filter(status__in=IN_FILE_STATUSES).aggregate(n=Sum("files"))["n"] or 0


def recheck_due_count(user: Any) -> int:
    return recheck_list(user, "due").count()


@dataclass(frozen=True)
class FilingRecord:
    """What the filing steps recorded (issue 9 §3): home investigations, the notice period, objections."""

    investigations: list[Any]
    period: tuple[dt.date, dt.date] | None
    objections: list[Any]
    open_objections: int


def filing_record(hardship_file: HardshipFile) -> FilingRecord:
    from bangfu.people.models import HomeInvestigation, PublicityObjection
    from bangfu.people.services.filing import current_period

    objections = list(PublicityObjection.objects.filter(file=hardship_file).select_related("recorded_by",
                                                                                          "answered_by"))
    return FilingRecord(
        investigations=list(HomeInvestigation.objects.filter(file=hardship_file).select_related("recorded_by")),
        period=current_period(hardship_file) if hardship_file.status == FileStatus.PUBLICISED else None,
        objections=objections, open_objections=sum(1 for o in objections if not o.answered))


def objection_for(user: Any, household_pk: int, pk: int, action: str = "view") -> Any:
    """One objection to a file the user can see (the one access function of PublicityObjection): 404 else."""
    from bangfu.people.models import PublicityObjection

    return get_scoped_or_404(PublicityObjection.objects.select_related("file"), user, action,
                             pk=pk, file__household_id=household_pk)


def contact_choices(user: Any) -> QuerySet[User]:
    """The staff a user may name as a family's 帮扶联系人 (page and API alike): active accounts in the user's
    scope, or only themselves when their roles read no accounts. The service checks the unit rule on top."""
    if user.has_perm("accounts.view_user"):
        return scoped(User.objects.filter(is_active=True), user, "view").order_by("org__path", "username")
    return User.objects.filter(pk=user.pk)
