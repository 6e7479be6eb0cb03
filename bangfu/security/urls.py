from django.urls import URLPattern

app_name = "security"
urlpatterns: list[URLPattern] = []
