"""Writes of the ventures app: `verb_noun(*, actor, ...)`, one transaction each, audited; pages and API call
the same functions. Money moves only through `bangfu.assistance.services.ledger`."""
