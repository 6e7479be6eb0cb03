from django.urls import path

from bangfu.reports import plain_views, views

app_name = "reports"
urlpatterns = [
    path("hardship/", views.hardship, name="hardship"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin.txt", views.bulletin_txt, name="bulletin_txt"),
    path("bulletin.xlsx", views.bulletin_download_xlsx, name="bulletin_xlsx"),
    path("plain-exports/", plain_views.plain_export_list, name="plain_export_list"),
    path("plain-exports/new/", plain_views.plain_export_new, name="plain_export_new"),
    path("plain-exports/<int:pk>/decide/", plain_views.plain_export_decide, name="plain_export_decide"),
    path("plain-exports/<int:pk>/download/", plain_views.plain_export_download, name="plain_export_download"),
]
