from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<id:pk>/open/", views.open_notification, name="open"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/failed/", views.failed, name="failed"),
    path("notifications/<id:pk>/resend/", views.resend, name="resend"),
]
