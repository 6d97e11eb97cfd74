from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("organisation/", views.organisation_edit, name="organisation_edit"),
    path("organisation/logo/", views.organisation_logo, name="organisation_logo"),
    path("audit/", views.audit_log, name="audit_log"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("holidays/", views.holiday_list, name="holiday_list"),
    path("holidays/<int:pk>/delete/", views.holiday_delete, name="holiday_delete"),
]
