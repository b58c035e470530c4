from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.directory_search, name="search"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
]
