"""Public pages for people referring themselves (no login)."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.self_referral_index, name="index"),
    path("<slug:slug>/", public.self_referral_form, name="form"),
    path("<slug:slug>/sent/", public.self_referral_sent, name="sent"),
]
