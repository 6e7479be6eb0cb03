from django.urls import path

from bangfu.honours import views

app_name = "honours"

urlpatterns = [
    path("", views.register, name="register"),
    path("export.xlsx", views.register_export, name="register_export"),
    path("import/", views.register_import, name="register_import"),
    path("titles/", views.title_list, name="title_list"),
    path("people/<int:pk>/", views.person, name="person"),
    path("honours/<int:pk>/revoke/", views.honour_revoke, name="honour_revoke"),
    path("care/", views.care_list, name="care_list"),
    path("care/<int:pk>/", views.care_detail, name="care_detail"),
    path("talks/", views.talk_calendar, name="talk_calendar"),
    path("talks/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("talk-photos/<int:pk>/", views.talk_photo, name="talk_photo"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("competitions/", views.competition_list, name="competition_list"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition_detail"),
    path("entries/<int:pk>/result/", views.entry_result, name="entry_result"),
    path("workstations/", views.workstation_list, name="workstation_list"),
    path("report/", views.report, name="report"),
]
