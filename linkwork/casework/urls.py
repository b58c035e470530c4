from django.urls import path

from . import views

app_name = "casework"

urlpatterns = [
    path("referrals/<uuid:referral_id>/decision/", views.referral_decision, name="referral_decision"),
]
