"""The worker's pages under /w/ (namespace `portal`): a separate session, no staff URL reachable from it."""

from django.urls import path

from bangfu.channel.views import portal

app_name = "portal"
urlpatterns = [
    path("", portal.home, name="home"),
    path("sign-in/", portal.sign_in, name="sign_in"),
    path("sign-out/", portal.sign_out, name="sign_out"),
    path("real-name/", portal.real_name, name="real_name"),
    path("self-test/", portal.self_test, name="self_test"),
    path("apply/hardship/", portal.apply_hardship, name="apply_hardship"),
    path("apply/legal/", portal.apply_legal, name="apply_legal"),
    path("apply/training/", portal.apply_training, name="apply_training"),
    path("apply/job/", portal.apply_job, name="apply_job"),
    path("applications/", portal.applications, name="applications"),
    path("applications/<int:pk>/", portal.application_detail, name="application_detail"),
    path("applications/<int:pk>/reply/", portal.application_reply, name="application_reply"),
    path("requests/new/", portal.ticket_create, name="ticket_create"),
    path("requests/<int:pk>/", portal.ticket_detail, name="ticket_detail"),
]
