from django.urls import path

from bangfu.sysadmin import views

app_name = "sysadmin"
urlpatterns = [
    path("parameters/", views.parameter_list, name="parameter_list"),
    path("parameters/<str:key>/", views.parameter_change, name="parameter_change"),
    path("dictionaries/", views.dictionary_list, name="dictionary_list"),
    path("dictionaries/<str:key>/", views.dictionary_detail, name="dictionary_detail"),
    path("dictionaries/<str:key>/save/", views.dictionary_entry_save, name="dictionary_entry_save"),
    path("dictionaries/<str:key>/delete/", views.dictionary_entry_delete, name="dictionary_entry_delete"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
]
