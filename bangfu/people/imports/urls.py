from django.urls import URLPattern

app_name = "people_imports"
urlpatterns: list[URLPattern] = []
