from django.urls import path

from . import views

app_name = "schedules"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.deadline_create, name="deadline_create"),
    path("calendar/<id:pk>/edit/", views.deadline_edit, name="deadline_edit"),
    path("calendar/<id:pk>/done/", views.deadline_done, name="deadline_done"),
    path("calendar/<id:pk>/reopen/", views.deadline_reopen, name="deadline_reopen"),
    path("calendar/<id:pk>/proof/", views.deadline_proof, name="deadline_proof"),
    path("calendar/subscription/reset/", views.feed_reset, name="feed_reset"),
    path("calendar/feed/<token:token>.ics", views.feed, name="feed"),
]
