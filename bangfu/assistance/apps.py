from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "bangfu.assistance"
    label = "assistance"
    verbose_name = _("Assistance and holiday campaigns")

    def ready(self) -> None:
        from bangfu.assistance.queries import (
            balance_in_scope,
            pending_disbursements,
            unvisited_entries,
            visible_programs,
        )
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("assistance", _("Assistance programs"), "assistance:program_list", icon="gift",
                             order=40, permission="assistance.view_program"))
        register_nav(NavItem("assistance_visits", _("Visits to make"), "assistance:visit_todo", icon="walk",
                             order=41, permission="assistance.add_visit"))
        register_nav(NavItem("assistance_groups", _("Target groups"), "assistance:target_group_list",
                             icon="filter", order=42, permission="assistance.view_targetgroup"))
        register_nav(NavItem("assistance_medical", _("Medical aid"), "assistance:claim_list", icon="heart",
                             order=43, permission="assistance.view_medicalclaim"))
        register_nav(NavItem("assistance_top_ups", _("Cash top-ups"), "assistance:top_up_list", icon="coin",
                             order=44, permission="assistance.view_cashtopup"))
        register_home_stat(HomeStat("assistance_programs", _("Assistance programs"),
                                    count=lambda user: visible_programs(user).count(),
                                    url_name="assistance:program_list", permission="assistance.view_program", order=40))
        register_home_stat(HomeStat("assistance_balance", _("Fund balance in scope (yuan)"),
                                    count=lambda user: balance_in_scope(user) // 100,
                                    url_name="assistance:program_list", permission="assistance.view_program", order=41))
        register_home_stat(HomeStat("assistance_unvisited", _("Beneficiaries not yet visited"),
                                    count=lambda user: unvisited_entries(user).count(),
                                    url_name="assistance:visit_todo", permission="assistance.view_beneficiary",
                                    order=42, todo=_("Beneficiaries to visit before the deadline")))
        register_home_stat(HomeStat("assistance_pending", _("Large disbursements awaiting approval"),
                                    count=lambda user: pending_disbursements(user).count(),
                                    url_name="assistance:disbursement_list",
                                    permission="assistance.view_disbursement", order=43,
                                    todo=_("Large disbursements to approve")))
        self._register_with_register()

    @staticmethod
    def _register_with_register() -> None:
        """Tell the register (people app) when a household was assisted, for its timeline and quality lists."""
        try:
            from bangfu.people.assistance_hook import AssistanceSource, register_assistance_source
        except ImportError:
            return
        register_assistance_source(AssistanceSource("assistance.Visit", household_path="person__headed_households",
                                                    date_field="visited_at", label="走访慰问"))
        register_assistance_source(AssistanceSource("assistance.MedicalClaim", household_path="household",
                                                    date_field="incurred_on", label="医疗救助"))
