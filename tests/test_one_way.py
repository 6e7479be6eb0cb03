"""One way to read a record (issue 12): pages and API routes open records only through their app's
`queries.py` access functions, which apply the scope; a view or API module that reaches for a model's
manager itself (`Model.objects`, `Model._default_manager`) is a second, unscoped way in."""

from __future__ import annotations

import ast
from pathlib import Path

BANGFU = Path(__file__).resolve().parent.parent / "bangfu"
MANAGERS = {"objects", "_default_manager"}


def _is_face(path: Path) -> bool:
    """A page or API module: `views.py`, `api.py`, `*_views.py`, `*_api.py`, or inside a `views/` or `api/`
    package — at any depth (people/imports/api.py is a face too)."""
    parts = path.relative_to(BANGFU).parts
    if "tests" in parts or "migrations" in parts:
        return False
    stem = path.stem
    return (stem in {"views", "api"} or stem.endswith(("_views", "_api"))
            or any(part in {"views", "api"} for part in parts[:-1]))


def face_modules() -> list[Path]:
    return sorted(path for path in BANGFU.rglob("*.py") if _is_face(path))


def manager_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.relative_to(BANGFU.parent)}:{node.lineno} .{node.attr}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in MANAGERS]


def test_the_faces_are_found() -> None:
    """The walk sees the modules it must judge (a renamed package would otherwise pass unread)."""
    names = {str(path.relative_to(BANGFU)) for path in face_modules()}
    assert {"people/api.py", "people/views/household.py", "assistance/api/ledger.py",
            "people/imports/views.py", "reports/plain_views.py"} <= names


def test_no_view_or_api_module_reads_a_manager() -> None:
    found = [read for path in face_modules() for read in manager_reads(path)]
    assert found == [], "open records through the app's queries.py access function:\n" + "\n".join(found)


def test_the_check_catches_a_manager_read(tmp_path: Path) -> None:
    """The detector itself: both spellings are caught, a field called `objects_count` is not."""
    sample = tmp_path / "sample.py"
    sample.write_text("a = Household.objects.get(pk=1)\nb = M._default_manager.all()\nc = row.objects_count\n")
    tree = ast.parse(sample.read_text())
    hits = [node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in MANAGERS]
    assert hits == ["objects", "_default_manager"]


# --- row locks: the record's own row ------------------------------------------------------------------------


def joined_locks(path: Path) -> list[str]:
    """`select_for_update()` without `of=` in a query that also joins (`select_related`): PostgreSQL then locks
    the joined rows too — the union's row — and every other write of that union waits for it (deadlocks under
    load, found by bench/load.py). Lock `of=("self",)`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        names = []
        call: ast.expr = node
        while isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
            names.append((call.func.attr, call))
            call = call.func.value
        locks = [c for name, c in names if name == "select_for_update"]
        joins = any(name == "select_related" for name, _ in names)
        if locks and joins and not any(keyword.arg == "of" for lock in locks for keyword in lock.keywords):
            found.append(f"{path.relative_to(path.parents[2])}:{node.lineno}")
    return sorted(set(found))


def test_no_lock_takes_the_joined_rows() -> None:
    modules = sorted(path for path in BANGFU.rglob("*.py") if "tests" not in path.parts)
    found = [hit for path in modules for hit in joined_locks(path)]
    assert found == [], "lock the record's own row: select_for_update(of=(\"self\",)):\n" + "\n".join(found)


def test_the_lock_check_catches_a_joined_lock(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('a = Case.objects.select_for_update().select_related("org").get(pk=1)\n'
                      'b = Case.objects.select_for_update(of=("self",)).select_related("org").get(pk=1)\n'
                      'c = Case.objects.select_for_update().get(pk=1)\n')
    assert [hit.rsplit(":", 1)[1] for hit in joined_locks(sample)] == ["1"]
