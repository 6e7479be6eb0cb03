"""The register's choice labels as rules render them ("困难档案状态为 正式建档/…").

They are marked here too so a rule reads in Chinese whatever the state of the register's own catalogue;
when both catalogues hold a label the register's translation wins (it comes earlier in INSTALLED_APPS).
"""

from django.utils.translation import gettext_noop

REGISTER_LABELS = (
    gettext_noop("No capacity to work"), gettext_noop("Able to work but not employed"),
    gettext_noop("Not in social insurance"), gettext_noop("Social insurance benefits not delivered"),
    gettext_noop("Major or critical illness"), gettext_noop("Natural disaster"), gettext_noop("Accident"),
    gettext_noop("Employed"), gettext_noop("Unemployed"), gettext_noop("Student"), gettext_noop("Retired"),
    gettext_noop("Unable to work"), gettext_noop("Pre-school child"),
    gettext_noop("National"), gettext_noop("Provincial"), gettext_noop("City"), gettext_noop("County"),
    gettext_noop("Grassroots"),
    gettext_noop("Applied"), gettext_noop("Reviewed by street"), gettext_noop("Home investigation done"),
    gettext_noop("Publicly notified"), gettext_noop("Temporary file"), gettext_noop("Formal file"),
    gettext_noop("Out of hardship"), gettext_noop("Cancelled"), gettext_noop("Back in hardship"),
    gettext_noop("Not admitted"), gettext_noop("Merged into another file"),
    gettext_noop("National model worker"), gettext_noop("Provincial model worker"),
    gettext_noop("National advanced worker"), gettext_noop("Provincial advanced worker"), gettext_noop("Craftsman"),
    gettext_noop("Urban"), gettext_noop("Rural"), gettext_noop("Male"), gettext_noop("Female"),
    gettext_noop("Deep hardship"), gettext_noop("Relative hardship"), gettext_noop("Hardship by accident"),
)
