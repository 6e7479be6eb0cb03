from django.urls import path

from bangfu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("orgs/", views.org_browser, name="org_browser"),
    path("orgs/<str:code>/", views.org_detail, name="org_detail"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("me/tokens/", views.api_tokens, name="api_tokens"),
    path("me/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
