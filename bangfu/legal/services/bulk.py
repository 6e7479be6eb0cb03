"""Many rows in one `executemany`: for recording a station's past ledger (tens of thousands of closed cases).

`bulk_create` prepares every value of every row through each field (and SQLite caps it at 999 parameters a
statement), which costs tens of seconds for the demo's 24,556 cases and their claimants. Here each column is
prepared once per batch where it can be (the creation time), through its field only where the field changes
the value (encrypted text, JSON), and passed as it is otherwise (integers, text, dates, booleans).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from bangfu.core.sensitive import EncryptedTextField


def _getter(field: models.Field[Any, Any], now: Any) -> Callable[[models.Model], Any]:
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        prepared = field.get_db_prep_save(now, connection)
        return lambda obj: prepared
    if isinstance(field, EncryptedTextField | models.JSONField):
        return lambda obj: field.get_db_prep_save(getattr(obj, field.attname), connection)
    if field.choices:
        return lambda obj: None if (value := getattr(obj, field.attname)) is None else str(value)
    return lambda obj: getattr(obj, field.attname)


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> list[int]:
    """Insert the unsaved `objs` (no primary key, no related sets) and return their new ids in order.

    The ids are read back by the batch's creation time and creator, in insertion order: the caller runs
    inside a transaction, and one batch's rows all carry the same creation time to the microsecond.
    """
    if not objs:
        return []
    now = timezone.now()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    getters = [_getter(field, now) for field in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs])
    creator = getattr(objs[0], "created_by_id", None)
    ids = list(model._default_manager.filter(created_at=now, created_by_id=creator).order_by("pk")
               .values_list("pk", flat=True))
    if len(ids) != len(objs):
        raise RuntimeError(f"inserted {len(objs)} {model.__name__} rows but read back {len(ids)}")
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk, obj.created_at, obj.updated_at = pk, now, now  # type: ignore[attr-defined]
        obj._state.adding = False
    return ids
