from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/request/", views.report_request, name="report_request"),
    path("reports/package/", views.package_request, name="package_request"),
    path("reports/package/<int:year>.zip", views.package_download, name="package_download"),
]
