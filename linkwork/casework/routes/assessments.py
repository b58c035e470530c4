"""URLs for the assessments pages of a case."""

from django.urls import path

from ..views import assessments

urlpatterns = [
    path("cases/<uuid:case_id>/assessments/", assessments.assessments, name="assessments"),
    path("cases/<uuid:case_id>/assessments/new/", assessments.assessment_new, name="assessment_new"),
    path("cases/<uuid:case_id>/assessments/chart.svg", assessments.assessment_chart, name="assessment_chart"),
]
