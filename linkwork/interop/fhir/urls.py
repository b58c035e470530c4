from django.urls import path

from . import views

app_name = "fhir"
urlpatterns = [
    path("ServiceRequest", views.service_request_create, name="service_request_create"),
]
