"""Code lists staff maintain (字典管理) and the one reader of them.

Each app declares its lists in its own `dictionaries.py` (found by name, like roles.py):

    DICTIONARIES = [DictionarySpec("people.relation", "家庭成员关系", defaults=lambda: [...], in_use=...)]

The list in code is the default and the seed: a code nobody edited reads as the code says. An administrator
renames, reorders or disables an entry, and adds entries to an *open* list (free tags); a *closed* list's
codes are fixed by the system (stored fields, the matching engine) and only their names, order and state
change. An entry in use is never deleted, only disabled: disabled entries are no longer offered on forms,
but records that hold them keep showing their name.

A page reads a list once: the entries are kept on the request being served (a rule list renders dozens of
conditions, each naming a field and its values), and a write drops them (`forget`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bangfu.core.appmodules import app_modules
from bangfu.core.request_context import current_request
from bangfu.sysadmin.models import DictEntry


@dataclass(frozen=True)
class DictionarySpec:
    key: str
    name: str
    description: str
    defaults: Callable[[], list[tuple[str, str]]]  # (code, label) as the code defines them
    open: bool = False  # administrators may add codes
    in_use: Callable[[str], int] | None = None  # how many records hold a code (None: not counted)
    used_by: str = ""


@dataclass(frozen=True)
class Entry:
    code: str
    label: str
    sort_order: int
    enabled: bool
    is_default: bool  # the code defines it (it cannot be deleted)
    edited: DictEntry | None


@lru_cache(maxsize=1)
def _registry() -> dict[str, DictionarySpec]:
    specs: dict[str, DictionarySpec] = {}
    for _config, module in app_modules("dictionaries"):
        for spec in getattr(module, "DICTIONARIES", []):
            specs[spec.key] = spec
    return specs


def dictionary_specs() -> list[DictionarySpec]:
    return list(_registry().values())


def dictionary_spec(key: str) -> DictionarySpec:
    return _registry()[key]


_REQUEST_MEMO = "_bangfu_dictionary_entries"


def _request_memo() -> dict[str, list[Entry]] | None:
    request = current_request()
    if request is None:
        return None
    memo: dict[str, list[Entry]] | None = getattr(request, _REQUEST_MEMO, None)
    if memo is None:
        memo = {}
        setattr(request, _REQUEST_MEMO, memo)
    return memo


def forget(key: str) -> None:
    """After a write: the request being served reads the list again."""
    memo = _request_memo()
    if memo is not None:
        memo.pop(key, None)


def entries(key: str) -> list[Entry]:
    """Every entry of the list: the code's defaults overlaid with the administrators' rows, plus the codes
    they added; in order (the administrator's order, else the code's). Read once per request."""
    memo = _request_memo()
    if memo is None:
        return _read_entries(key)
    if key not in memo:
        memo[key] = _read_entries(key)
    return memo[key]


def _read_entries(key: str) -> list[Entry]:
    spec = dictionary_spec(key)
    rows = {row.code: row for row in DictEntry.objects.filter(dictionary=key).select_related("updated_by")}
    listed: list[Entry] = []
    for position, (code, label) in enumerate(spec.defaults()):
        row = rows.pop(code, None)
        if row is None:
            listed.append(Entry(code, str(label), (position + 1) * 10, True, True, None))
        else:
            listed.append(Entry(code, row.label, row.sort_order, row.enabled, True, row))
    listed += [Entry(row.code, row.label, row.sort_order, row.enabled, False, row) for row in rows.values()]
    return sorted(listed, key=lambda entry: (entry.sort_order, entry.code))


def choices(key: str, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(code, name) offered on a form: the enabled entries, plus `keep` (the values a record already holds,
    so that editing it does not drop a disabled one)."""
    kept = set(keep)
    return [(entry.code, entry.label) for entry in entries(key) if entry.enabled or entry.code in kept]


def labels(key: str) -> dict[str, str]:
    """{code: name} of every entry, disabled ones included (a record keeps showing what it holds)."""
    return {entry.code: entry.label for entry in entries(key)}


def label(key: str, code: str) -> str:
    return labels(key).get(code, code)
