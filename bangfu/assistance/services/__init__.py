"""Writes of the assistance app: `verb_noun(*, actor, …)`, each in one transaction with its audit event.

Split by subject: ledger (money), programs (programs, groups, quotas, target groups, facts), lists
(eligibility, build, dedup, approval, revisions), visits, medical aid.
"""
