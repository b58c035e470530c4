"""URLs for the caseload and the case overview."""

from django.urls import path

from ..views import cases

urlpatterns = [
    path("caseload/", cases.caseload, name="caseload"),
    path("caseload/search/", cases.caseload_search, name="caseload_search"),
    path("caseload/team/", cases.team_caseload, name="team_caseload"),
    path("caseload/team/reallocate/", cases.reallocate, name="reallocate"),
    path("cases/<uuid:case_id>/", cases.case_detail, name="case"),
    path("cases/<uuid:case_id>/contacts/<int:contact_id>/", cases.contact_update, name="contact_update"),
    path("cases/<uuid:case_id>/extend/", cases.extend, name="extend"),
    path("cases/<uuid:case_id>/discharge/", cases.discharge, name="discharge"),
]
