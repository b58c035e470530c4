"""/my-services/: a VCSE coordinator's own listings."""

from django.urls import path

from . import views

app_name = "my_services"

urlpatterns = [
    path("", views.my_services, name="list"),
    path("<uuid:service_id>/", views.listing_edit, name="edit"),
    path("<uuid:service_id>/checked", views.listing_confirm, name="confirm"),
]
