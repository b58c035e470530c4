from django.urls import path

from . import referrer_views

app_name = "message_back"

urlpatterns = [
    path("", referrer_views.inbox, name="inbox"),
    path("<uuid:message_id>/", referrer_views.detail, name="detail"),
    path("<uuid:message_id>/letter.pdf", referrer_views.letter, name="letter"),
    path("<uuid:message_id>/document.json", referrer_views.document, name="document"),
]
