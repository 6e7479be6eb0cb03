from django.urls import path

from bangfu.channel.views import staff

app_name = "channel"
urlpatterns = [
    path("applications/", staff.application_list, name="application_list"),
    path("applications/<int:pk>/", staff.application_detail, name="application_detail"),
    path("applications/<int:pk>/<slug:step>/", staff.application_step, name="application_step"),
    path("photos/<int:pk>/", staff.photo_download, name="photo_download"),
    path("tickets/", staff.ticket_list, name="ticket_list"),
    path("tickets/new/", staff.ticket_create, name="ticket_create"),
    path("tickets/report/", staff.ticket_report, name="ticket_report"),
    path("tickets/<int:pk>/", staff.ticket_detail, name="ticket_detail"),
    path("tickets/<int:pk>/<slug:step>/", staff.ticket_step, name="ticket_step"),
]
