from django.urls import path

from bangfu.accounts import views

app_name = "accounts"
urlpatterns = [
    path("orgs/", views.org_browser, name="org_browser"),
    path("orgs/<str:code>/", views.org_detail, name="org_detail"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("users/<int:pk>/roles/<int:assignment_pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("users/grants/", views.grant_list, name="grant_list"),
    path("users/grants/<int:pk>/<str:decision>/", views.grant_decide, name="grant_decide"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:key>/", views.role_detail, name="role_detail"),
    path("tokens/", views.token_list, name="token_list"),
    path("me/tokens/", views.api_tokens, name="api_tokens"),
    path("me/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
