"""Development secrets kept under var/ (field, index, audit and backup keys, the demo password), made once.

Several processes may start at the same moment on a fresh checkout (the test suite's workers, two app servers of
`make serve-prod`): each must end up with the same secret, never a half-written file or a second key that encrypts
what the first cannot read. The file is written whole under a temporary name and linked into place; the first link
wins and everyone reads the winner.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The file's text; when it does not exist, `make()` written atomically (mode 600) by the first process."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(make())
            os.chmod(temporary, 0o600)
            with contextlib.suppress(FileExistsError):  # another process made it first: read theirs
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="utf-8")
