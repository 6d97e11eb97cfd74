from django.urls import path, re_path

from . import views
from .forms import CODE_PATTERN

app_name = "archive"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/request/", views.report_request, name="report_request"),
    path("reports/package/", views.package_request, name="package_request"),
    path("reports/package/<int:year>.zip", views.package_download, name="package_download"),
    path("reports/jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("verify/", views.verify, name="verify"),
    re_path(rf"^verify/(?P<code>{CODE_PATTERN})/$", views.verify_code, name="verify_code"),
]
