"""Who may do what in the register (patterns over `people.<codename>`; see accounts.roles).

Street social workers apply, review, investigate and publicise; district officers approve, relieve,
cancel and reopen; city officers may do everything in their scope, resolving duplicates included;
auditors read. Separation of duties (the maker of a file does not approve it) is checked in services.
"""

READ = ["people.view_*"]
STREET_WORK = [
    "people.add_person", "people.change_person", "people.add_household", "people.change_household",
    "people.add_householdmember", "people.change_householdmember", "people.add_hardshipfile",
    "people.change_hardshipfile", "people.review_hardshipfile", "people.investigate_hardshipfile",
    "people.publicise_hardshipfile", "people.add_evidence",
    "people.add_publicityobjection", "people.change_publicityobjection",
]
DISTRICT_WORK = [
    "people.change_hardshipfile", "people.approve_hardshipfile", "people.relieve_hardshipfile",
    "people.cancel_hardshipfile", "people.reopen_hardshipfile", "people.add_evidence",
    "people.add_publicityobjection", "people.change_publicityobjection",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "street_social_worker": READ + STREET_WORK,
    "district_officer": READ + DISTRICT_WORK,
    "city_officer": ["people.*"],
    "auditor": READ,
}
