from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "bangfu.matching"
    label = "matching"
    verbose_name = _("Person–job matching")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.matching.queries import pairs_to_confirm

        register_nav(
            NavItem(
                "matching_runs",
                _("Matching runs"),
                "matching:run_list",
                icon="git-merge",
                order=46,
                permission="matching.view_matchingrun",
            )
        )
        register_home_stat(
            HomeStat(
                "matching_pairs_to_confirm",
                _("Proposed pairs to confirm"),
                count=lambda user: pairs_to_confirm(user).count(),
                url_name="matching:run_list", permission="matching.view_matchingrun",
                order=46, todo=_("Proposed pairs to confirm"),
            )
        )
