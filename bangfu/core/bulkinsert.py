"""Fast inserts of many rows (the register's importer, `seed_scale`, a matching run's plan): many rows per statement,
values prepared once per column.

Django's `bulk_create` costs ~140 µs per Person row on this machine (27 fields, each through the
field's full `get_db_prep_save` machinery, and at most 999 parameters per statement on SQLite); this
helper costs ~25 µs, most of it the two Fernet encryptions. It prepares values the way the fields do —
plain columns pass through, dates and JSON go through the backend's own adapters, encrypted text through
the field's `get_prep_value` — so what lands in the table is what the ORM would have written; the
tests read rows back through the ORM on both databases. Columns a row does not give take the field's
default, prepared once. Preparing (Python, encryption) and executing (the database, which releases the
GIL) are separate steps, so the importer can prepare one batch while the previous one is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from bangfu.core.sensitive import EncryptedTextField

# Column types whose Python value is already what both drivers take (exact types: EncryptedTextField, a
# TextField subclass, must go through its field).
_PASS_THROUGH: tuple[type[models.Field], ...] = (
    models.CharField, models.SlugField, models.TextField, models.IntegerField, models.BigIntegerField,
    models.SmallIntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField, models.BooleanField,
    models.FloatField,
)
# Parameters per statement: SQLite allows 32,766 (3.32+), PostgreSQL 65,535.
MAX_PARAMS = 30_000
MAX_ROWS_PER_STATEMENT = 1_000


def _preparer(field: models.Field) -> Callable[[Any], Any] | None:
    """How one column's values become parameters (None: as they are)."""
    if isinstance(field, models.ForeignKey) or type(field) in _PASS_THROUGH:
        return None
    if isinstance(field, EncryptedTextField):
        return field.get_prep_value  # encrypts, exactly as a save() would
    ops = connection.ops
    if type(field) is models.DateTimeField:
        return ops.adapt_datetimefield_value
    if type(field) is models.DateField:
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)
    return lambda value: field.get_db_prep_save(value, connection)


class BulkInserter:
    """Insert dicts of `attname → value` into one model's table; every row of a call has the same keys."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        now = timezone.now()
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.columns = [f.attname for f in self.fields]
        self.preparers = [_preparer(f) for f in self.fields]
        self.defaults: list[Any] = []
        for field, prepare in zip(self.fields, self.preparers, strict=True):
            auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            value = now if auto else field.get_default()  # `default`, else "" for text, None when nullable
            self.defaults.append(value if value is None or prepare is None else prepare(value))
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_sql = ", ".join(quote(f.column) for f in self.fields)
        self.pk_column = quote(model._meta.pk.column)

    def _row_values(self, rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
        """Each row's parameters in column order; the column plan is worked out once for the call."""
        keys = rows[0].keys()
        plain = [(position, name) for position, (name, prepare) in enumerate(zip(self.columns, self.preparers,
                                                                                 strict=True))
                 if name in keys and prepare is None]
        prepared = [(position, name, prepare) for position, (name, prepare) in enumerate(
            zip(self.columns, self.preparers, strict=True)) if name in keys and prepare is not None]
        out = []
        for row in rows:
            values = self.defaults.copy()
            for position, name in plain:
                values[position] = row[name]
            for position, name, prepare in prepared:
                value = row[name]
                values[position] = None if value is None else prepare(value)
            out.append(values)
        return out

    def prepare(self, rows: Sequence[dict[str, Any]], ids: Sequence[int] | None = None) -> PreparedRows:
        """Parameters for `rows` (with their keys, when given), ready for `execute` — in any thread."""
        values = self._row_values(rows) if rows else []
        if ids is not None:
            for row_id, row_values in zip(ids, values, strict=True):
                row_values.append(row_id)
        return PreparedRows(self, values, with_ids=ids is not None)

    def execute(self, prepared: PreparedRows) -> None:
        """Insert prepared rows on this thread's connection (SQLite: one statement compiled once)."""
        if not prepared.values:
            return
        columns = self.column_sql + (f", {self.pk_column}" if prepared.with_ids else "")
        count = len(self.fields) + (1 if prepared.with_ids else 0)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            marks = ", ".join(["?"] * count)
            cursor = connection.connection.cursor()
            try:
                # Table and column names come from the model's _meta (quoted); every value is a parameter.
                # The driver's errors become Django's (IntegrityError …), as through a Django cursor.
                with connection.wrap_database_errors:
                    cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})",  # noqa: S608
                                       prepared.values)
            finally:
                cursor.close()
            return
        per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, MAX_PARAMS // count))
        row_sql = "(" + ", ".join(["%s"] * count) + ")"
        with connection.cursor() as cursor:
            for start in range(0, len(prepared.values), per_statement):
                chunk = prepared.values[start:start + per_statement]
                values_sql = ", ".join([row_sql] * len(chunk))
                cursor.execute(f"INSERT INTO {self.table} ({columns}) VALUES {values_sql}",  # noqa: S608
                               [value for values in chunk for value in values])


@dataclass
class PreparedRows:
    inserter: BulkInserter
    values: list[list[Any]]
    with_ids: bool

    def execute(self) -> None:
        self.inserter.execute(self)


class KeyAllocator:
    """New primary keys handed out before the rows are written, so a batch's statements need no answers.

    PostgreSQL: taken from the table's sequence (`nextval`), safe with any number of writers.
    SQLite: the next keys after max(id) and AUTOINCREMENT's high-water mark, counted on from there. Another
    writer inserting meanwhile makes a later insert fail on the primary key; the importer then plans that
    batch again after `resync()` — nothing is overwritten.
    """

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int) -> list[int]:
        if count == 0:
            return []
        table = model._meta.db_table
        pk = model._meta.pk.column
        if connection.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [table, pk, count])
                return [row[0] for row in cursor.fetchall()]
        if model not in self._next:
            self._next[model] = self._first_free(model)
        first = self._next[model]
        self._next[model] = first + count
        return list(range(first, first + count))

    def resync(self) -> None:
        self._next.clear()

    @staticmethod
    def _first_free(model: type[models.Model]) -> int:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) "  # noqa: S608
                           f"FROM {quote(model._meta.db_table)}")
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
            sequence = cursor.fetchone()
        return int(max(highest, sequence[0] if sequence else 0)) + 1
