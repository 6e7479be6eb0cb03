"""What the jobs app calls on its events (found by `core.appmodules.app_modules("jobs_hooks")`)."""

from bangfu.training.services.hires import on_hire

__all__ = ["on_hire"]
