"""Data inventory of the reports app (see bangfu/core/inventory.py)."""

FIELD_CLASSIFICATION: dict[str, dict[str, str]] = {
    "ImportJob": {
        "id": "public", "org": "public", "created_at": "public", "updated_at": "public", "created_by": "personal",
        "version": "public",
        # The file name may carry a family's or a street's name; the workbook itself holds ID numbers.
        "original_name": "personal", "upload": "sensitive", "size_bytes": "public", "dry_run": "public",
        "atomic": "public", "status": "public", "counts": "public", "error_count": "public",
        "error_report": "sensitive", "message": "public", "task_id": "public", "started_at": "public",
        "finished_at": "public",
    },
    "PlainExportRequest": {
        "id": "public", "org": "public", "created_at": "public", "updated_at": "public", "created_by": "personal",
        "version": "public", "status_filter": "public", "reason": "personal", "status": "public",
        "decided_by": "personal", "decided_at": "public", "decision_note": "personal", "expires_at": "public",
        "downloaded_at": "public", "rows": "public", "households": "public",
    },
}
