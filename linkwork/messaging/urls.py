from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("admin-tools/messages/", views.admin_messages, name="admin_messages"),
    path("admin-tools/messages/retry/", views.admin_retry, name="admin_retry"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("people/<uuid:person_id>/automatic-messages/", views.person_opt_outs, name="person_opt_outs"),
]
