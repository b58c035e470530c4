from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/download/", views.outcomes_export, name="outcomes_export"),
]
