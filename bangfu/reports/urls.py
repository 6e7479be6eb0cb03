from django.urls import path

from bangfu.reports import views

app_name = "reports"
urlpatterns = [
    path("hardship/", views.hardship, name="hardship"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("bulletin.txt", views.bulletin_txt, name="bulletin_txt"),
    path("bulletin.xlsx", views.bulletin_download_xlsx, name="bulletin_xlsx"),
]
