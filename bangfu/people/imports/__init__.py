"""Excel in and out of the register (建档导入导出); see docs/import.md.

- `columns` — the template's columns (one definition for template, reader, export, docs);
- `template` — the downloadable .xlsx; `xlsx` — the streaming, DTD-refusing reader; `xlsxwrite` — a
  streaming writer (exports, benchmark);
- `rows` — one row read and checked; `plan` — what to create, update or leave; `write`/`bulk` — fast
  writes; `service.import_households` — the one service behind the command, the page and the API;
- `jobs`/`tasks` — upload → background task → summary and error report (`report`); `export` — the
  scoped, masked export.
"""
