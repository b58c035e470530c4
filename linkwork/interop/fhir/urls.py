from django.urls import path, re_path

from . import communication, views

app_name = "fhir"
urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("ServiceRequest", views.service_request_create, name="service_request_create"),
    path("ServiceRequest/<uuid:service_request_id>", views.service_request_read, name="service_request"),
    path("Task", views.task_search, name="task_search"),
    path("Task/<uuid:task_id>", views.task_read, name="task"),
    path("HealthcareService/<uuid:service_id>", views.healthcare_service_read, name="healthcare_service"),
    path("Communication/<uuid:message_id>", communication.communication_read, name="communication"),
    path("Questionnaire/<slug:code>", views.questionnaire_read, name="questionnaire"),
    path(
        "QuestionnaireResponse/<uuid:response_id>",
        views.questionnaire_response_read,
        name="questionnaire_response",
    ),
    # Last: any other address under /fhir/ (an unknown type, a malformed id) is a 404 OperationOutcome.
    re_path(r"^.*$", views.not_found, name="not_found"),
]
