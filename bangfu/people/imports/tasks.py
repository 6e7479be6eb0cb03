"""Background work of the importer (django-tasks): take ids, call one service, be idempotent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django_tasks import task

from bangfu.core.interruptions import when_interrupted
from bangfu.people.duplicates import scan_duplicates


@task()
def run_import_job(job_id: int) -> None:
    from bangfu.people.imports.jobs import run_job

    run_job(job_id)


@when_interrupted(run_import_job)
def _close_interrupted_import(args: list[Any], kwargs: dict[str, Any]) -> None:
    from bangfu.people.imports.jobs import close_interrupted_job

    close_interrupted_job(int(args[0] if args else kwargs["job_id"]))


@task()
def scan_imported_duplicates(city_codes: list[str]) -> int:
    """Look for fuzzy duplicates among the files an import created, city by city (pairs are stored once)."""
    return sum(len(scan_duplicates(code)) for code in city_codes)


def enqueue_duplicate_scan(city_codes: Sequence[str]) -> None:
    scan_imported_duplicates.enqueue(list(city_codes))
