from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelConfig(AppConfig):
    name = "bangfu.channel"
    label = "channel"
    verbose_name = _("Worker channel and 12351 hotline")

    def ready(self) -> None:
        from bangfu.channel import queries
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("channel_applications", _("Workers' online applications"),
                             "channel:application_list", icon="device-mobile", order=70,
                             permission="channel.view_workerapplication"))
        register_nav(NavItem("channel_tickets", _("12351 tickets"), "channel:ticket_list", icon="phone", order=71,
                             permission="channel.view_ticket"))
        register_nav(NavItem("channel_ticket_new", _("Record a hotline call"), "channel:ticket_create",
                             icon="phone-plus", order=72, permission="channel.add_ticket"))
        register_nav(NavItem("channel_ticket_report", _("Ticket report"), "channel:ticket_report",
                             icon="chart-bar", order=73, permission="channel.view_ticket"))
        register_home_stat(HomeStat("channel_waiting", _("Online applications waiting"),
                                    count=lambda user: queries.applications(user, waiting_only=True).count(),
                                    url_name="channel:application_list", permission="channel.view_workerapplication",
                                    order=70, todo=_("Online applications to answer")))
