"""Background tasks of the platform core (the Django tasks API; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="selftest")
def queue_probe(token: str) -> str:
    """Echo a token: `manage.py check_queue` enqueues it to prove that workers are taking work."""
    return f"pong:{token}"
