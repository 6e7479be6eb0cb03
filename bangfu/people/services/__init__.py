"""The register's writes: `verb_noun(*, actor, ...)`, each in one transaction, audited, scoped.

Views and the API call these same functions; neither holds a business rule.
"""

from bangfu.people.services.dedup import resolve_duplicate
from bangfu.people.services.evidence import read_evidence, upload_evidence
from bangfu.people.services.filing import InvestigationInput, answer_objection, raise_objection
from bangfu.people.services.households import add_member, create_household, update_household
from bangfu.people.services.inputs import FileInput, HouseholdInput, MemberInput, MemberUpdate, PersonInput
from bangfu.people.services.persons import ALREADY_FILED, create_person
from bangfu.people.services.workflow import one_year_after, transition_hardship_file

__all__ = [
    "ALREADY_FILED",
    "FileInput",
    "HouseholdInput",
    "InvestigationInput",
    "MemberInput",
    "MemberUpdate",
    "PersonInput",
    "add_member",
    "answer_objection",
    "create_household",
    "create_person",
    "one_year_after",
    "raise_objection",
    "read_evidence",
    "resolve_duplicate",
    "transition_hardship_file",
    "update_household",
    "upload_evidence",
]
