from django.urls import path

from . import views

app_name = "scheme_administration"

urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("new/", views.scheme_new, name="new"),
    path("<slug:slug>/change/", views.scheme_edit, name="edit"),
]
