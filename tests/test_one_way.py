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
