from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "bangfu.jobs"
    label = "jobs"
    verbose_name = _("Jobs and referrals")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.jobs import queries

        register_nav(NavItem("jobs_openings", _("Job openings"), "jobs:opening_list", icon="briefcase", order=40,
                             permission="jobs.view_opening"))
        register_nav(NavItem("jobs_employers", _("Employers"), "jobs:employer_list", icon="building", order=41,
                             permission="jobs.view_employer"))
        register_nav(NavItem("jobs_seekers", _("Job seekers"), "jobs:seeker_list", icon="user-search", order=42,
                             permission="jobs.view_seekerprofile"))
        register_nav(NavItem("jobs_referrals", _("Referrals"), "jobs:referral_list", icon="arrows-right", order=43,
                             permission="jobs.view_referral"))
        register_nav(NavItem("jobs_retention", _("Retention checks"), "jobs:retention_list", icon="calendar", order=44,
                             permission="jobs.view_retentioncheck"))
        register_nav(NavItem("jobs_funnel", _("Placement funnel"), "jobs:placement_funnel", icon="chart-funnel",
                             order=45, permission="jobs.view_referral"))
        register_home_stat(HomeStat("jobs_open_openings", _("Open job openings"),
                                    count=lambda user: queries.openings(user, open_only=True).count(),
                                    url_name="jobs:opening_list", permission="jobs.view_opening", order=40))
        register_home_stat(HomeStat("jobs_seekers", _("Job seekers"),
                                    count=lambda user: queries.seekers(user, status="seeking").count(),
                                    url_name="jobs:seeker_list", permission="jobs.view_seekerprofile", order=41))
        register_home_stat(HomeStat("jobs_follow_up", _("Seekers to follow up"),
                                    count=lambda user: queries.seekers(user, flagged=True).count(),
                                    url_name="jobs:seeker_list", permission="jobs.view_seekerprofile", order=42,
                                    todo=_("Seekers to follow up")))
