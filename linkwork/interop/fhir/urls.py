from django.urls import path

from . import views

app_name = "fhir"
urlpatterns = [
    path("ServiceRequest", views.service_request_create, name="service_request_create"),
    path("Questionnaire/<slug:code>", views.questionnaire_read, name="questionnaire"),
    path(
        "QuestionnaireResponse/<uuid:response_id>",
        views.questionnaire_response_read,
        name="questionnaire_response",
    ),
]
