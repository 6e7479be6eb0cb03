from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "bangfu.people"
    label = "people"
    verbose_name = _("Register of families in hardship")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.people import queries

        register_nav(NavItem("people", _("Families in hardship"), "people:household_list", icon="home-heart",
                             order=10, permission="people.view_hardshipfile"))
        register_nav(NavItem("people_rechecks", _("Re-checks and data quality"), "people:recheck_list",
                             icon="calendar-due", order=11, permission="people.view_hardshipfile"))
        register_nav(NavItem("people_duplicates", _("Possible duplicates"), "people:duplicate_list", icon="copy",
                             order=12, permission="people.resolve_duplicatecandidate"))
        register_home_stat(HomeStat("people_in_file", _("Families in file"), count=queries.in_file_count,
                                    url_name="people:household_list", permission="people.view_hardshipfile", order=10))
        register_home_stat(HomeStat("people_rechecks_due", _("Re-checks due"), count=queries.recheck_due_count,
                                    url_name="people:recheck_list", permission="people.view_hardshipfile", order=11,
                                    todo=_("Files to re-check this year")))
