from django.urls import path

from .views import referrer

app_name = "message_back"

urlpatterns = [
    path("", referrer.inbox, name="inbox"),
    path("<uuid:message_id>/", referrer.detail, name="detail"),
    path("<uuid:message_id>/letter.pdf", referrer.letter, name="letter"),
    path("<uuid:message_id>/document.json", referrer.document, name="document"),
]
