from django.urls import path

from . import views

app_name = "openreferral"
urlpatterns = [
    path("", views.api_root, name="root"),
    path("openapi.json", views.openapi, name="openapi"),
    path("services", views.service_list, name="services"),
    path("services/<str:service_id>", views.service_detail, name="service"),
    path("service_at_locations", views.service_at_location_list, name="service_at_locations"),
    path(
        "service_at_locations/<str:service_at_location_id>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:taxonomy_term_id>", views.taxonomy_term_detail, name="taxonomy_term"),
]
