"""What each role may do in the honours app (see bangfu/accounts/roles.py for the format).

city_officer and district_officer keep the register, the talk teams, competitions and workstations, propose
model-worker services and approve them (never their own: checked in the service). Titles are reference data:
city officers read them, the system administrator edits them. street_social_worker reads the register and
records talks (audience, report, photos). auditor reads everything.
"""

VIEW_ALL = ["honours.view_*"]
WORK = [
    "honours.add_honour", "honours.change_honour", "honours.revoke_honour",
    "honours.add_modelworkercare", "honours.approve_modelworkercare",
    "honours.add_talkteam", "honours.change_talkteam", "honours.add_teammember", "honours.change_teammember",
    "honours.add_talkrequest", "honours.add_talk", "honours.change_talk", "honours.add_talkphoto",
    "honours.add_competition", "honours.change_competition", "honours.add_competitionentry",
    "honours.change_competitionentry",
    "honours.add_workstation", "honours.change_workstation", "honours.add_workstationyear",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "system_admin": ["honours.view_honourtitle", "honours.add_honourtitle", "honours.change_honourtitle"],
    "city_officer": [*VIEW_ALL, *WORK],
    "district_officer": [*VIEW_ALL, *WORK],
    "street_social_worker": [
        "honours.view_honourtitle", "honours.view_honour", "honours.view_talkteam", "honours.view_teammember",
        "honours.view_talk", "honours.view_talkspeaker", "honours.view_talkphoto", "honours.view_talkrequest",
        "honours.change_talk", "honours.add_talkphoto", "honours.view_competition", "honours.view_workstation",
    ],
    "auditor": VIEW_ALL,
}
