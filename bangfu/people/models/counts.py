"""FileCount: the register's files counted per unit, status and tier, kept by the database itself.

Rows are appended by triggers on `people_hardshipfile` (migration people 0010, SQLite and PostgreSQL): a file
inserted adds a row of +1, a file deleted a row of −1, an update of a counted column (unit, status, tier, causes,
flags) a −1 row for the old values and a +1 row for the new. Every write path is therefore counted — services,
imports, `seed_scale`'s bulk writes, merges, a raw `UPDATE` in a shell. The triggers only ever INSERT: no writer
waits on another's count row, so concurrent writers cannot deadlock on the counts nor lose one (an upsert of a
shared row per unit would hold its lock to commit, and two transactions touching two units in opposite orders
would deadlock). `FileCount.fold()` sums the appended rows into one row per key when they pile up; the figures are
always SUM()s, equal before and after a fold.

A row's figures are those of `reports.stats`: files, and among them how many count under each of the national
ten causes (primary or secondary), with two or more causes, with each of the seed's two flags, and with two or
more of the seed's five categories.
"""

from __future__ import annotations

from django.db import connections, models, transaction

# The national ten (people.models.Cause) as the triggers of migration 0010 spell them: a test holds the two equal.
CAUSE_COLUMNS = ("no_work_capacity", "able_not_employed", "laid_off", "no_social_insurance", "insurance_not_paid",
                 "major_illness", "natural_disaster", "accident", "child_schooling", "other")
FIGURE_COLUMNS = ("files", *CAUSE_COLUMNS, "multi_cause", "disability_or_mental_illness", "zero_labour",
                  "multi_seed_category")
# Unfolded rows a read tolerates: reading them costs little, folding them a few milliseconds (a bulk load of 10⁶
# files leaves some 3 × 10⁶, folded once by the first read after it).
FOLD_AFTER = 5000


class FileCount(models.Model):
    # no index of its own: (org, status) below serves every search by unit
    org = models.ForeignKey("accounts.OrgUnit", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False,
                            related_name="+")
    status = models.CharField(max_length=16)
    tier = models.CharField(max_length=12, blank=True)
    files = models.IntegerField(default=0)
    no_work_capacity = models.IntegerField(default=0)
    able_not_employed = models.IntegerField(default=0)
    laid_off = models.IntegerField(default=0)
    no_social_insurance = models.IntegerField(default=0)
    insurance_not_paid = models.IntegerField(default=0)
    major_illness = models.IntegerField(default=0)
    natural_disaster = models.IntegerField(default=0)
    accident = models.IntegerField(default=0)
    child_schooling = models.IntegerField(default=0)
    other = models.IntegerField(default=0)
    multi_cause = models.IntegerField(default=0)  # two or more of the national ten
    disability_or_mental_illness = models.IntegerField(default=0)
    zero_labour = models.IntegerField(default=0)
    multi_seed_category = models.IntegerField(default=0)  # two or more of the seed's five (reports.stats)
    folded = models.BooleanField(default=False)  # a sum written by the fold, not a trigger's delta

    class Meta:
        indexes = [
            # scope (unit) then store (status): the list's count and every statistic read a range of this index
            models.Index(fields=["org", "status"], name="filecount_org_status"),
            models.Index(fields=["folded"], name="filecount_folded"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.status}/{self.tier}: {self.files}"

    @classmethod
    def fold_when_due(cls) -> None:
        """Fold the triggers' rows once more than FOLD_AFTER of them have piled up (one indexed look otherwise)."""
        if cls.objects.using("default").filter(folded=False)[FOLD_AFTER:FOLD_AFTER + 1].exists():
            cls.fold()

    @classmethod
    def fold(cls) -> None:
        """Replace the rows of every key (unit, status, tier) that has a trigger's row by one row holding their
        sums; keys summing to no file are dropped (every figure of a key counts a subset of its files, so all are
        then zero). Keys with no new row are not touched: a fold costs what changed, not the whole table (a
        province's 25,000 keys were deleted and written again by every fold, and PostgreSQL's table grew to 60,000
        pages for its 25,000 rows over a `seed_scale`).

        Exactly the rows deleted are summed, whatever writes run beside: on PostgreSQL one statement deletes them
        and inserts their sums (a concurrent fold blocks on the same rows and then skips them; a trigger's row not
        yet committed is not deleted and stays a delta); on SQLite the transaction holds the only write lock.
        """
        table, columns = cls._meta.db_table, ", ".join(FIGURE_COLUMNS)
        sums = ", ".join(f"SUM({column})" for column in FIGURE_COLUMNS)
        into = f"INSERT INTO {table} (org_id, status, tier, {columns}, folded) SELECT org_id, status, tier, {sums}"
        connection = connections["default"]
        with transaction.atomic(using="default"), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"WITH gone AS (DELETE FROM {table} WHERE (org_id, status, tier) IN "  # noqa: S608
                               f"(SELECT org_id, status, tier FROM {table} WHERE NOT folded) RETURNING *) {into}, "
                               "true FROM gone GROUP BY org_id, status, tier HAVING SUM(files) <> 0")
                return
            cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - the model's table
            (last,) = cursor.fetchone()
            due = (f"id <= %s AND (org_id, status, tier) IN "  # noqa: S608 - the model's table
                   f"(SELECT org_id, status, tier FROM {table} WHERE NOT folded AND id <= %s)")
            cursor.execute(f"{into}, 1 FROM {table} WHERE {due} "
                           "GROUP BY org_id, status, tier HAVING SUM(files) <> 0", [last, last])
            cursor.execute(f"DELETE FROM {table} WHERE {due}", [last, last])  # noqa: S608 - the model's table
