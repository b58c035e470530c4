from django.urls import path

from . import organisations, users

app_name = "administration"

urlpatterns = [
    path("", organisations.administration_home, name="home"),
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/new/", organisations.organisation_new, name="organisation_new"),
    path("organisations/<int:organisation_id>/", organisations.organisation_edit, name="organisation"),
    path("users/", users.user_list, name="users"),
    path("users/new/", users.user_new, name="user_new"),
    path("users/<int:user_id>/", users.user_detail, name="user"),
    path("users/<int:user_id>/roles/", users.membership_add, name="membership_add"),
    path(
        "users/<int:user_id>/roles/<int:membership_id>/end/", users.membership_remove, name="membership_end"
    ),
]
